/**
 * A waiting report's photos (Blobs in the IndexedDB outbox, fake-indexeddb in Node): uploaded one
 * at a time, each replaced by its id in the outbox as soon as it is stored, so an interrupted
 * upload resumes with the rest and never sends a photo twice.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { uploadCommandPhotos, type PhotoUploadAnswer } from './commandPhotos';
import { PhoneOutbox, type PendingCommand } from './phoneOutbox';

const jpeg = (label: string) => new Blob([label], { type: 'image/jpeg' });

function reportWith(photos: Blob[]): PendingCommand {
  return {
    clientRef: 'report-photos',
    kind: 'report',
    report: {
      clientRef: 'report-photos',
      categoryCode: 'city_appearance',
      lon: 119.3,
      lat: 26.08,
      description: '井盖缺失',
      reportedAtMs: 1,
    },
    photos,
  };
}

/** An upload that answers from a script, recording what it was sent. */
function scriptedUpload(answers: PhotoUploadAnswer[]) {
  const sent: string[] = [];
  return {
    sent,
    upload: async (photo: Blob) => {
      sent.push(await photo.text());
      return answers.shift() ?? null;
    },
  };
}

describe('uploadCommandPhotos', () => {
  it('keeps the photos of a report made offline, as Blobs, across a reopening', async () => {
    const first = await PhoneOutbox.open('photos-kept');
    await first.addCommand(reportWith([jpeg('one'), jpeg('two')]), 1);
    first.close();
    const again = await PhoneOutbox.open('photos-kept');
    const [kept] = await again.commands();
    expect(kept?.kind === 'report' && kept.photos?.length).toBe(2);
    expect(await (kept as { photos: Blob[] }).photos[1]!.text()).toBe('two');
    again.close();
  });

  it('resumes after a failed upload with the photos not yet stored, and sends each once', async () => {
    const outbox = await PhoneOutbox.open('photos-resume');
    await outbox.addCommand(reportWith([jpeg('one'), jpeg('two'), jpeg('three')]), 1);
    const broken = scriptedUpload([{ photoId: 'id-1' }, null]);
    expect(await uploadCommandPhotos((await outbox.commands())[0]!, outbox, broken.upload)).toBe(
      null,
    );
    expect(broken.sent).toEqual(['one', 'two']);
    const half = (await outbox.commands())[0]!;
    expect(half.kind === 'report' && half.report.photoIds).toEqual(['id-1']);
    expect(half.kind === 'report' && half.photos?.length).toBe(2);

    const working = scriptedUpload([{ photoId: 'id-2' }, 'refused']);
    const ready = await uploadCommandPhotos(half, outbox, working.upload);
    expect(working.sent).toEqual(['two', 'three']);
    expect(ready).toMatchObject({ kind: 'report', report: { photoIds: ['id-1', 'id-2'] } });
    expect(ready && 'photos' in ready).toBe(false);
    // The outbox holds the same: a resend of the report carries the ids, uploads nothing.
    expect((await outbox.commands())[0]).toEqual(ready);
    const idle = scriptedUpload([]);
    expect(await uploadCommandPhotos(ready!, outbox, idle.upload)).toEqual(ready);
    expect(idle.sent).toEqual([]);
    outbox.close();
  });

  it('rewrites a feedback the same way', async () => {
    const outbox = await PhoneOutbox.open('photos-feedback');
    const feedback: PendingCommand = {
      clientRef: 'INC1:feedback',
      kind: 'task',
      command: { incidentId: 'INC1', action: 'feedback', note: '已处理', atMs: 1 },
      photos: [jpeg('after')],
    };
    await outbox.addCommand(feedback, 1);
    const ready = await uploadCommandPhotos(
      feedback,
      outbox,
      scriptedUpload([{ photoId: 'id-9' }]).upload,
    );
    expect(ready).toEqual({
      clientRef: 'INC1:feedback',
      kind: 'task',
      command: { ...feedback.command, photoIds: ['id-9'] },
    });
    outbox.close();
  });
});
