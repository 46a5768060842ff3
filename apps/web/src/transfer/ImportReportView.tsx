import type { ImportReport } from "@parley/client";

const SHOWN = 500;

/** What became of each conversation of the file, and why when it was not simply imported. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const { totals } = report;
  // A Parley export names each conversation by its line; ChatGPT's file by its place in the array.
  const where = report.format === "chatgpt" ? "#" : "Line";
  return (
    <section className="transfer-report" aria-label="Import report" data-testid="import-report">
      {report.format === "chatgpt" && <p className="muted">ChatGPT data export: each conversation imported as a general one.</p>}
      <p role="status">
        <strong>{totals.imported} imported</strong>, {totals.skipped} skipped, {totals.failed} failed; {totals.messagesAdded} messages
        added, {totals.messagesAlreadyThere} already there.
      </p>
      <table className="key-table">
        <thead>
          <tr>
            <th>{where}</th>
            <th>Conversation</th>
            <th>Result</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {report.conversations.slice(0, SHOWN).map((outcome) => (
            <tr key={outcome.line} data-status={outcome.status}>
              <td>{outcome.line}</td>
              <td>{outcome.title}</td>
              <td>{outcome.status}</td>
              <td>
                {outcome.reasons.map((reason) => (
                  <div key={reason}>{reason}</div>
                ))}
              </td>
            </tr>
          ))}
          {report.problems.map((problem) => (
            <tr key={`problem-${problem.line}`} data-status="problem">
              <td>{problem.line}</td>
              <td colSpan={2} className="muted">
                (not part of a conversation)
              </td>
              <td>{problem.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.conversations.length > SHOWN && <p className="muted">and {report.conversations.length - SHOWN} more conversations.</p>}
    </section>
  );
}
