import { Lexer, type Token, type Tokens } from "marked";
import { memo, useMemo, type ReactNode } from "react";
import { CodeBlock } from "./CodeBlock";
import { Inline } from "./Inline";

function Table({ token }: { token: Tokens.Table }) {
  const align = (index: number) => token.align[index] ?? undefined;
  return (
    <div className="md-table-wrap">
      <table>
        <thead>
          <tr>
            {token.header.map((cell, i) => (
              <th key={i} style={{ textAlign: align(i) }}>
                <Inline tokens={cell.tokens} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {token.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, i) => (
                <td key={i} style={{ textAlign: align(i) }}>
                  <Inline tokens={cell.tokens} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function List({ token }: { token: Tokens.List }) {
  const items = token.items.map((item, i) => (
    <li key={i} className={item.task ? "md-task" : undefined}>
      {item.task && (
        <input type="checkbox" checked={item.checked ?? false} readOnly disabled aria-label={item.checked ? "Done" : "Not done"} />
      )}
      <Blocks tokens={item.tokens.filter((t) => t.type !== "checkbox")} tight={!item.loose} />
    </li>
  ));
  const start = typeof token.start === "number" && token.start !== 1 ? token.start : undefined;
  return token.ordered ? <ol start={start}>{items}</ol> : <ul>{items}</ul>;
}

function blockToken(token: Token, key: number, tight: boolean): ReactNode {
  switch (token.type) {
    case "paragraph":
      return (
        <p key={key}>
          <Inline tokens={(token as Tokens.Paragraph).tokens} />
        </p>
      );
    case "heading": {
      const heading = token as Tokens.Heading;
      const Tag = `h${Math.min(6, Math.max(3, heading.depth + 2))}` as "h3";
      return (
        <Tag key={key}>
          <Inline tokens={heading.tokens} />
        </Tag>
      );
    }
    case "code":
      return <CodeBlock key={key} code={(token as Tokens.Code).text} lang={(token as Tokens.Code).lang} />;
    case "blockquote":
      return (
        <blockquote key={key}>
          <Blocks tokens={(token as Tokens.Blockquote).tokens} />
        </blockquote>
      );
    case "list":
      return <List key={key} token={token as Tokens.List} />;
    case "table":
      return <Table key={key} token={token as Tokens.Table} />;
    case "hr":
      return <hr key={key} />;
    case "space":
    case "def":
      return null;
    case "html":
      return (
        <p key={key} className="md-raw">
          {(token as Tokens.HTML).text}
        </p>
      );
    case "text": {
      const text = token as Tokens.Text;
      const inline = text.tokens ? <Inline tokens={text.tokens} /> : text.text;
      return tight ? <span key={key}>{inline}</span> : <p key={key}>{inline}</p>;
    }
    default:
      return "raw" in token && typeof token.raw === "string" ? <p key={key}>{token.raw}</p> : null;
  }
}

function Blocks({ tokens, tight = false }: { tokens: Token[]; tight?: boolean }) {
  return <>{tokens.map((token, index) => blockToken(token, index, tight))}</>;
}

/** GitHub-flavoured Markdown as React elements (see Inline.tsx for why not HTML). */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  const tokens = useMemo(() => Lexer.lex(text, { gfm: true, breaks: false }), [text]);
  return (
    <div className="markdown">
      <Blocks tokens={tokens} />
    </div>
  );
});
