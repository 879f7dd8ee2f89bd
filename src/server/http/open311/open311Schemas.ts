/**
 * Request and response schemas of GeoReport v2 (they validate requests and document the routes
 * in OpenAPI; JSON answers are serialised through the response schemas, so nothing outside them
 * can leave).
 */
import { Type } from '@sinclair/typebox';

export const Open311ErrorsSchema = Type.Array(
  Type.Object({ code: Type.Integer(), description: Type.String() }),
  { description: 'GeoReport v2 error list (XML: <errors><error>)' },
);

export const DiscoverySchema = Type.Object({
  changeset: Type.String(),
  contact: Type.String(),
  key_service: Type.String(),
  endpoints: Type.Array(
    Type.Object({
      specification: Type.String(),
      url: Type.String(),
      changeset: Type.String(),
      type: Type.String(),
      formats: Type.Array(Type.String()),
    }),
  ),
});

export const ServiceSchema = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.String(),
  keywords: Type.String(),
  group: Type.String(),
});

export const ServiceDefinitionSchema = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(
    Type.Object({
      variable: Type.Boolean(),
      code: Type.String(),
      datatype: Type.String(),
      required: Type.Boolean(),
      datatype_description: Type.String(),
      order: Type.Integer(),
      description: Type.String(),
      values: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
    }),
  ),
});

export const ServiceRequestSchema = Type.Object({
  service_request_id: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  status_notes: Type.String(),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.String(),
  agency_responsible: Type.String(),
  service_notice: Type.String(),
  requested_datetime: Type.String(),
  updated_datetime: Type.String(),
  expected_datetime: Type.Union([Type.String(), Type.Null()]),
  address: Type.String(),
  lat: Type.Number(),
  long: Type.Number(),
  media_url: Type.String(),
});

export const LocaleQuery = {
  locale: Type.Optional(
    Type.Union([Type.Literal('zh'), Type.Literal('en')], {
      description: 'language of names and notes (default zh)',
    }),
  ),
  jurisdiction_id: Type.Optional(
    Type.String({ maxLength: 64, description: "the district's code; another is a 404" }),
  ),
};

export const RequestsQuery = Type.Object({
  ...LocaleQuery,
  service_request_id: Type.Optional(Type.String({ maxLength: 4000 })),
  service_code: Type.Optional(Type.String({ maxLength: 400 })),
  status: Type.Optional(Type.String({ maxLength: 20 })),
  start_date: Type.Optional(Type.String({ maxLength: 40 })),
  end_date: Type.Optional(Type.String({ maxLength: 40 })),
});

const TextOrNumber = Type.Union([Type.String({ maxLength: 5000 }), Type.Number()]);
export const CreateBody = Type.Object(
  {
    api_key: Type.Optional(
      Type.String({ description: "a partner platform's key; citizens send none" }),
    ),
    jurisdiction_id: Type.Optional(Type.String()),
    service_code: Type.Optional(Type.String()),
    lat: Type.Optional(TextOrNumber),
    long: Type.Optional(TextOrNumber),
    address_string: Type.Optional(Type.String()),
    address_id: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    media_url: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
    first_name: Type.Optional(Type.String()),
    last_name: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
    device_id: Type.Optional(Type.String({ maxLength: 64 })),
    proof: Type.Optional(
      Type.String({
        maxLength: 40,
        description: "the resident page's proof of work for device_id: issuedAtMs:nonce",
      }),
    ),
    account_id: Type.Optional(Type.String()),
    attribute: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  {
    description:
      'form-encoded (attribute[code]=key) or JSON (attribute: {code: key}); other fields a ' +
      'client adds are ignored, as GeoReport clients differ in what they send',
    patternProperties: { '^attribute\\[[^\\]]{1,64}\\]$': Type.String() },
  },
);

export const CreatedSchema = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    token: Type.String(),
    service_notice: Type.String(),
    account_id: Type.Union([Type.String(), Type.Null()]),
  }),
);

export const TokenAnswerSchema = Type.Array(
  Type.Object({ service_request_id: Type.String(), token: Type.String() }),
);

/** The rating extension's body (decision 0026): JSON or form, like a create. */
export const RatingBody = Type.Object({
  rating: Type.String({
    maxLength: 32,
    description: 'satisfied, basically_satisfied or dissatisfied',
  }),
  token: Type.Optional(
    Type.String({ maxLength: 64, description: 'the token the create answered with' }),
  ),
  api_key: Type.Optional(Type.String({ maxLength: 200 })),
  jurisdiction_id: Type.Optional(Type.String({ maxLength: 64 })),
});

export const RatingReceiptSchema = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    rating: Type.String(),
    rated_datetime: Type.String(),
  }),
);
