import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useTRPC } from "../api/trpc";
import type { Model } from "../api/types";
import { formatMoney, humanize } from "../lib/format";
import { PencilIcon } from "../ui/icons";

const yesNo = (value: boolean) => (value ? "Yes" : "No");

function rows(model: Model): Array<[string, string]> {
  return [
    ["AI model", model.defaultAiModel],
    ["Mode", humanize(model.tradingMode)],
    ["Style", humanize(model.tradingStyle)],
    ["Instrument", humanize(model.instrument)],
    ["Symbols", model.symbols.length ? model.symbols.join(", ") : "Any"],
    ["Buying power", formatMoney(model.buyingPower)],
    ["Margin account", yesNo(model.marginAccount)],
    ["Shorting", yesNo(model.allowShorting)],
    ["Options strategies", yesNo(model.allowOptionsStrategies)],
    ["Hedging", yesNo(model.allowHedging)],
    ["Order types", model.allowedOrderTypes.map(humanize).join(", ")],
  ];
}

export function ModelSummary({ modelId }: { modelId: number }) {
  const trpc = useTRPC();
  const model = useQuery(trpc.models.get.queryOptions({ modelId }));
  if (!model.data) return <div className="skeleton" style={{ height: 220 }} />;
  const data = model.data;
  return (
    <section className="details-section" aria-label="Configuration">
      <div className="details-section-head">
        <h3>{data.name}</h3>
        {!data.deletedAt && (
          <Link to={`/models/${data.id}/edit`} className="btn btn-sm btn-ghost">
            <PencilIcon /> Edit
          </Link>
        )}
      </div>
      <dl className="kv">
        {rows(data).map(([label, value]) => (
          <div key={label} className="kv-row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {data.customRules && <TextBlock label="Custom rules" text={data.customRules} />}
      {data.customInstructions && <TextBlock label="Custom instructions" text={data.customInstructions} />}
    </section>
  );
}

/** User-written text is shown as text: nothing in a model's rules is interpreted as markup. */
function TextBlock({ label, text }: { label: string; text: string }) {
  return (
    <div className="text-block">
      <h4>{label}</h4>
      <p data-testid={`model-${label.toLowerCase().replace(" ", "-")}`}>{text}</p>
    </div>
  );
}
