import { useEffect, useState } from "react";
import { CheckIcon, CopyIcon } from "../ui/icons";
import { highlightCode } from "./highlight";

export function CodeBlock({ code, lang }: { code: string; lang: string | undefined }) {
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1_600);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  const language = lang?.split(/\s/)[0] ?? "";
  const [highlighted, setHighlighted] = useState<{ code: string; html: string } | null>(null);

  useEffect(() => {
    if (!language) return;
    let current = true;
    highlightCode(code, language).then(
      (html) => current && setHighlighted(html === null ? null : { code, html }),
      () => current && setHighlighted(null),
    );
    return () => {
      current = false;
    };
  }, [code, language]);
  return (
    <div className="md-codeblock">
      <div className="md-codeblock-bar">
        <span className="md-codeblock-lang">{language || "code"}</span>
        <button type="button" className="md-copy" onClick={copy} aria-label={copied ? "Copied" : "Copy code"}>
          {copied ? <CheckIcon /> : <CopyIcon />}
          <span aria-live="polite">{copied ? "Copied" : "Copy"}</span>
        </button>
      </div>
      <pre>
        {highlighted?.code === code ? (
          // highlight.js's output: the code escaped, wrapped in its token spans.
          <code className="hljs" data-highlighted="true" dangerouslySetInnerHTML={{ __html: highlighted.html }} />
        ) : (
          <code>{code}</code>
        )}
      </pre>
    </div>
  );
}
