// Safe Markdown: no raw HTML, links only to http(s), mailto and relative addresses, and
// user links marked nofollow/ugc so the site lends them no weight.
import MarkdownIt from "markdown-it";

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

const SAFE_LINK = /^(https?:|mailto:)/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

md.validateLink = (url: string) => {
  // Decode, then strip what browsers ignore before they read the scheme (whitespace, control
  // characters), so "java%09script:" is judged as the scheme it spells.
  let decoded = url;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    return false;
  }
  const s = decoded.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  if (SAFE_LINK.test(s)) return true;
  return !HAS_SCHEME.test(s); // relative, #fragment, /path
};

const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const href = String(token.attrGet("href") ?? "");
  if (/^(https?:)?\/\//i.test(href)) {
    token.attrSet("rel", "nofollow ugc noopener");
    token.attrSet("target", "_blank");
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};

// Images would let a post load third-party content into readers' browsers; show them as links.
md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx];
  const src = String(token.attrGet("src") ?? "");
  const alt = md.utils.escapeHtml(String(token.content || src));
  return `<a href="${md.utils.escapeHtml(src)}" rel="nofollow ugc noopener" target="_blank">${alt}</a>`;
};

export function renderMarkdown(source: string): string {
  return md.render(source);
}
