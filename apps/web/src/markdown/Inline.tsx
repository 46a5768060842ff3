import type { ReactNode } from "react";
import type { Token, Tokens } from "marked";
import { decodeEntities, safeHref } from "./safe-url";

// Markdown becomes React elements, never an HTML string: raw HTML in a reply is shown as the
// text it is, so nothing a model (or a user's title or rules) writes can run in the page.

function Link({ token }: { token: Tokens.Link }) {
  const href = safeHref(token.href);
  const children = <Inline tokens={token.tokens} />;
  if (!href) return <span className="md-unsafe-link">{children}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" title={token.title ?? undefined}>
      {children}
    </a>
  );
}

/** Images are not loaded (a reply could track its reader with one): they become links. */
function Image({ token }: { token: Tokens.Image }) {
  const href = safeHref(token.href);
  const label = `Image: ${token.text || "untitled"}`;
  return href ? (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {label}
    </a>
  ) : (
    <span>{label}</span>
  );
}

function inlineToken(token: Token, key: number): ReactNode {
  switch (token.type) {
    case "strong":
      return (
        <strong key={key}>
          <Inline tokens={(token as Tokens.Strong).tokens} />
        </strong>
      );
    case "em":
      return (
        <em key={key}>
          <Inline tokens={(token as Tokens.Em).tokens} />
        </em>
      );
    case "del":
      return (
        <del key={key}>
          <Inline tokens={(token as Tokens.Del).tokens} />
        </del>
      );
    case "codespan":
      return (
        <code key={key} className="md-code-inline">
          {(token as Tokens.Codespan).text}
        </code>
      );
    case "br":
      return <br key={key} />;
    case "link":
      return <Link key={key} token={token as Tokens.Link} />;
    case "image":
      return <Image key={key} token={token as Tokens.Image} />;
    case "text": {
      const text = token as Tokens.Text;
      return text.tokens?.length ? <Inline key={key} tokens={text.tokens} /> : decodeEntities(text.text);
    }
    case "escape":
      return (token as Tokens.Escape).text;
    case "html":
      return (token as Tokens.HTML).text;
    default:
      return "raw" in token && typeof token.raw === "string" ? token.raw : null;
  }
}

export function Inline({ tokens }: { tokens: Token[] | undefined }) {
  return <>{(tokens ?? []).map((token, index) => inlineToken(token, index))}</>;
}
