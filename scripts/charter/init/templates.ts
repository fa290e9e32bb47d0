/**
 * What `charter init` writes: a small, complete contract-first project that lints clean,
 * generates, type-checks under NodeNext with the strict flags, and runs. The example resource
 * is deliberately ordinary (notes), so a team replaces it rather than studies it.
 */

export interface InitOptions {
  /** The API's title in info.title; also gives the package name of a new package.json. */
  title: string;
  asyncapi: boolean;
}

export function openapiTemplate(o: InitOptions): string {
  return `openapi: 3.1.0
info:
  title: ${yamlString(o.title)}
  version: 0.1.0
  description: |
    Notes, the example resource \`charter init\` scaffolds. Replace it with your own.
    Every error is an RFC 9457 \`application/problem+json\` body whose \`code\` comes from
    the error catalogue (\`errors.yaml\`).
  license:
    name: MIT
    identifier: MIT
servers:
  - url: /v1
    description: Relative to the host serving the API.
x-error-catalogue: ./errors.yaml
tags:
  - name: notes
    description: Short texts, newest first.
# The example operations are public (\`security: []\`): declare a scheme under
# components.securitySchemes and require it (document-wide or per operation) before production.
paths:
  /notes:
    get:
      operationId: listNotes
      security: []
      summary: List notes
      description: Lists notes, newest first, one page at a time. Pass \`nextCursor\` back as \`cursor\` for the next page.
      tags: [notes]
      x-errors: []
      parameters:
        - name: limit
          in: query
          description: Page size.
          schema: { type: integer, minimum: 1, maximum: 100, default: 20 }
        - name: cursor
          in: query
          description: Opaque cursor from a previous page's \`nextCursor\`.
          schema: { type: string, minLength: 1, maxLength: 256 }
      responses:
        '200':
          description: One page of notes.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/NotePage' }
    post:
      operationId: createNote
      security: []
      summary: Create a note
      description: Creates a note and returns it with its id.
      tags: [notes]
      x-errors: []
      # Creating twice creates two notes. For safe client retries, take a required
      # Idempotency-Key header instead (see Charter's users example contract).
      x-idempotency: not-required
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/NewNote' }
            examples:
              shopping:
                summary: A short note
                value: { text: Buy milk }
      responses:
        '201':
          description: The note was created.
          headers:
            Location:
              description: The URL of the new note.
              required: true
              schema: { type: string, maxLength: 2048 }
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Note' }
  /notes/{noteId}:
    parameters:
      - $ref: '#/components/parameters/NoteId'
    get:
      operationId: getNote
      security: []
      summary: Get a note
      description: Returns one note.
      tags: [notes]
      x-errors: [NOTE_NOT_FOUND]
      responses:
        '200':
          description: The note.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Note' }
    delete:
      operationId: deleteNote
      security: []
      summary: Delete a note
      description: Deletes a note. Deleting it again is 404.
      tags: [notes]
      x-errors: [NOTE_NOT_FOUND]
      responses:
        '204':
          description: The note was deleted.
components:
  parameters:
    NoteId:
      name: noteId
      in: path
      required: true
      description: The note's id.
      schema: { type: string, format: uuid }
  schemas:
    Note:
      title: Note
      type: object
      additionalProperties: false
      required: [id, text, createdAt]
      properties:
        id: { type: string, format: uuid, readOnly: true }
        text: { type: string, minLength: 1, maxLength: 1000 }
        createdAt: { type: string, format: date-time, readOnly: true }
      examples:
        - id: 6f1c2b9e-3d4a-4f5b-8c7d-9e0f1a2b3c4d
          text: Buy milk
          createdAt: '2026-01-02T03:04:05.000Z'
    NewNote:
      title: NewNote
      type: object
      additionalProperties: false
      required: [text]
      properties:
        text: { type: string, minLength: 1, maxLength: 1000 }
    NotePage:
      title: NotePage
      type: object
      additionalProperties: false
      required: [items, nextCursor]
      properties:
        items:
          type: array
          maxItems: 100
          items: { $ref: '#/components/schemas/Note' }
        nextCursor:
          type: [string, 'null']
          maxLength: 256
          description: Pass as \`cursor\` to get the next page; null on the last page.
`;
}

export function errorsTemplate(): string {
  return `# The error catalogue: every error the API can return, declared once. \`charter generate\`
# turns it into typed server constructors (\`problems.noteNotFound(...)\`), client unions and
# ERRORS.md; \`charter diff\` treats each code as contract (renaming or removing one is breaking).
# The format is described in Charter's docs (docs/errors.md).
#
# scope: operation (default: only where an operation's x-errors names it), every-operation,
#        request-body (every operation with a body), response-body (every operation whose success
#        responses have a body), service (requests that match no operation).
charter: errors/v1
errors:
  NOTE_NOT_FOUND:
    status: 404
    type: /docs/errors#note-not-found
    title: The note does not exist
    retryable: false
    members:
      noteId: { type: string, maxLength: 64 }
    required: [noteId]
    docs: |
      No note has this id (it may have been deleted). Check the id.
  VALIDATION_FAILED:
    status: 400
    type: /docs/errors#validation-failed
    title: The request is not valid
    retryable: false
    scope: every-operation
    members:
      errors:
        type: array
        maxItems: 100
        description: One entry per violation.
        items:
          type: object
          required: [location, message]
          properties:
            location: { type: string, maxLength: 512, description: 'Where, e.g. body/text or query/limit.' }
            message: { type: string, maxLength: 1024 }
    required: [errors]
    docs: |
      The request broke the contract: malformed JSON, a wrong type, an unknown field, a
      missing required field, a value out of range. \`errors\` lists every violation.
  PAYLOAD_TOO_LARGE:
    status: 413
    type: /docs/errors#payload-too-large
    title: The request body is too large
    retryable: false
    scope: request-body
    members:
      limitBytes: { type: integer, minimum: 0 }
    required: [limitBytes]
    docs: |
      The request body exceeds \`limitBytes\`. Send a smaller body.
  UNSUPPORTED_MEDIA_TYPE:
    status: 415
    type: /docs/errors#unsupported-media-type
    title: The request body has an unsupported media type
    retryable: false
    scope: request-body
    members:
      supported:
        type: array
        maxItems: 10
        items: { type: string, maxLength: 128 }
    required: [supported]
    docs: |
      The \`Content-Type\` of the body is not one the operation accepts (\`supported\`).
  NOT_ACCEPTABLE:
    status: 406
    type: /docs/errors#not-acceptable
    title: No representation satisfies the Accept header
    retryable: false
    scope: response-body
    members:
      supported:
        type: array
        maxItems: 10
        items: { type: string, maxLength: 128 }
    required: [supported]
    docs: |
      The request's \`Accept\` admits none of the media types the operation answers with (\`supported\`).
  ROUTE_NOT_FOUND:
    status: 404
    type: /docs/errors#route-not-found
    title: No operation matches this path
    retryable: false
    scope: service
    docs: |
      The path matches no operation of the API. Check the base path and spelling.
  METHOD_NOT_ALLOWED:
    status: 405
    type: /docs/errors#method-not-allowed
    title: The method is not allowed on this path
    retryable: false
    scope: service
    members:
      allowed:
        type: array
        maxItems: 10
        items: { type: string, maxLength: 10 }
    required: [allowed]
    docs: |
      The path exists but not with this method. \`Allow\` and \`allowed\` list the methods it supports.
  INTERNAL:
    status: 500
    type: /docs/errors#internal
    title: Internal error
    retryable: false
    scope: every-operation
    docs: |
      An unexpected failure inside the service. Quote the request id when you report it.
`;
}

export function asyncapiTemplate(o: InitOptions): string {
  return `asyncapi: 3.0.0
info:
  title: ${yamlString(`${o.title} events`)}
  version: 0.1.0
  description: Events published when notes change. Replace them with your own.
defaultContentType: application/json
channels:
  noteCreated:
    address: notes.created
    description: One message per note created.
    messages:
      noteCreated: { $ref: '#/components/messages/NoteCreated' }
operations:
  publishNoteCreated:
    action: send
    channel: { $ref: '#/channels/noteCreated' }
    summary: Published after a note is created.
    messages:
      - $ref: '#/channels/noteCreated/messages/noteCreated'
components:
  messages:
    NoteCreated:
      name: NoteCreated
      title: A note was created
      contentType: application/json
      traits:
        - $ref: '#/components/messageTraits/cloudEvents'
      payload:
        $ref: '#/components/schemas/NoteCreatedData'
  schemas:
    NoteCreatedData:
      title: NoteCreatedData
      type: object
      additionalProperties: false
      required: [noteId, createdAt]
      properties:
        noteId: { type: string, format: uuid }
        createdAt: { type: string, format: date-time }
  messageTraits:
    # CloudEvents 1.0 attributes as message headers: consumers deduplicate on ce-id.
    cloudEvents:
      headers:
        title: CloudEventsHeaders
        type: object
        required: [ce-id, ce-type, ce-source, ce-specversion]
        properties:
          ce-id: { type: string, minLength: 1, maxLength: 128, description: Unique per event. }
          ce-type: { type: string, maxLength: 128, description: 'The event type, e.g. notes.note.created.v1.' }
          ce-source: { type: string, maxLength: 256, description: The producing service. }
          ce-specversion: { type: string, const: '1.0' }
          ce-time: { type: string, format: date-time }
`;
}

export function configTemplate(o: InitOptions): string {
  return `# Charter's settings for this project. Every \`charter\` command reads this file (found by
# walking up from the working directory); command-line flags override it. Paths are relative
# to this file.
contracts:
  openapi: contracts/openapi.yaml
${o.asyncapi ? '  asyncapi: contracts/asyncapi.yaml' : '  # asyncapi: contracts/asyncapi.yaml   (events; `charter init --asyncapi` scaffolds an example)'}
# Where \`charter generate\` writes. Commit it; \`charter generate --check\` fails in CI when it drifts.
output: generated
# Recorded consumer pacts, for \`charter can-i-deploy\`, \`charter verify\` and \`charter diff\`.
pacts: pacts
lint:
  rules: {}
`;
}

/** A tsconfig the generated code compiles under: NodeNext, strict and the stricter flags. */
export function tsconfigTemplate(): string {
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2023',
        lib: ['ES2023', 'DOM'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        noPropertyAccessFromIndexSignature: true,
        verbatimModuleSyntax: true,
        skipLibCheck: true,
        outDir: 'dist',
        rootDir: '.',
        types: ['node'],
      },
      include: ['src', 'generated'],
    },
    null,
    2,
  )}\n`;
}

/** The npm scripts init adds where the project has none of that name. */
export const NPM_SCRIPTS: Record<string, string> = {
  generate: 'charter generate',
  'lint:contracts': 'charter lint',
  'check:contracts': 'charter generate --check && charter lint && charter diff',
  build: 'tsc -p tsconfig.json',
};

/** What the generated code imports at run time, by output. */
export const RUNTIME_DEPENDENCIES = ['express', 'express-openapi-validator', 'ajv', 'ajv-formats'];
export const EVENTS_DEPENDENCIES = ['nats'];
export const DEV_DEPENDENCIES = ['typescript@^6', '@types/node', '@types/express'];

function yamlString(s: string): string {
  return /^[\w][\w .-]*$/.test(s) && !/^(true|false|null|yes|no|~)$/i.test(s) ? s : JSON.stringify(s);
}
