/**
 * The photos of a waiting report or feedback, uploaded one at a time before the command itself
 * goes out. After each upload the command is rewritten in the outbox (the photo's Blob replaced
 * by its id), so a lost connection or a closed page never uploads a photo twice and never loses
 * one: the command is sent only once none is left.
 */
import type { PendingCommand, PhoneOutbox } from './phoneOutbox';

/** One upload's answer: the stored photo's id, `refused` for good (not a JPEG, too big), or null. */
export type PhotoUploadAnswer = { photoId: string } | 'refused' | null;

export type PhotoUpload = (photo: Blob) => Promise<PhotoUploadAnswer>;

type WithPhotos = Extract<PendingCommand, { kind: 'report' | 'task' }>;

function photoIdsOf(command: WithPhotos): string[] {
  return command.kind === 'report'
    ? (command.report.photoIds ?? [])
    : (command.command.photoIds ?? []);
}

function withPhotoIds(command: WithPhotos, photoIds: string[], photos: Blob[]): WithPhotos {
  const rewritten: WithPhotos =
    command.kind === 'report'
      ? { ...command, report: { ...command.report, photoIds } }
      : { ...command, command: { ...command.command, photoIds } };
  if (photos.length === 0) delete rewritten.photos;
  else rewritten.photos = photos;
  return rewritten;
}

/**
 * The command with every photo uploaded (ready to send), or null when an upload failed (network,
 * server error): what was uploaded so far is kept in the outbox and the rest is tried later.
 */
export async function uploadCommandPhotos(
  command: PendingCommand,
  outbox: Pick<PhoneOutbox, 'replaceCommand'>,
  upload: PhotoUpload,
): Promise<PendingCommand | null> {
  if (command.kind === 'register' || command.photos === undefined) return command;
  let current: WithPhotos = command;
  while (current.photos !== undefined && current.photos.length > 0) {
    const [photo, ...rest] = current.photos;
    const answer = await upload(photo!);
    if (answer === null) return null;
    const photoIds =
      answer === 'refused' ? photoIdsOf(current) : [...photoIdsOf(current), answer.photoId];
    current = withPhotoIds(current, photoIds, rest);
    await outbox.replaceCommand(current);
  }
  if (current.photos !== undefined) {
    current = withPhotoIds(current, photoIdsOf(current), []);
    await outbox.replaceCommand(current);
  }
  return current;
}
