/** `@charter/cli/docs`: the API reference pages, for a service that serves them itself (under /docs). */
export { buildDocsSite, readRedocBundle, REDOC_BUNDLE, type DocsSite } from './site.ts';
export { SERVICE_LINKS, STATIC_LINKS, renderDocs, type DocsLinks } from './render.ts';
