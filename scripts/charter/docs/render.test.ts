import { describe, expect, it } from 'vitest';
import { errorAnchor, renderMarkdown } from './render.ts';

describe('docs renderer', () => {
  it('anchors a code at the fragment of its type URI, or at its kebab-cased code without one', () => {
    expect(errorAnchor({ code: 'EMAIL_TAKEN', type: '/docs/errors#email-taken' })).toBe('email-taken');
    expect(errorAnchor({ code: 'EMAIL_TAKEN', type: 'https://example.com/problems/email' })).toBe('email-taken');
  });

  it('renders catalogue Markdown with HTML escaped, so docs text cannot inject markup', () => {
    const html = renderMarkdown('Use `If-Match` <script>alert(1)</script> and **retry**.\n\n- one\n- two [docs](/docs/errors#x)\n- bad [link](javascript:alert(1))');
    expect(html).toContain('<code>If-Match</code>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<strong>retry</strong>');
    expect(html).toContain('<li>two <a href="/docs/errors#x">docs</a></li>');
    expect(html).not.toContain('javascript:');
  });
});
