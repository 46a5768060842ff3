/** A search snippet: the matched words marked, everything as text (never parsed as markup). */
export function Snippet({ parts }: { parts: { text: string; hit: boolean }[] }) {
  return (
    <span className="snippet">
      {parts.map((part, index) => (part.hit ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
    </span>
  );
}
