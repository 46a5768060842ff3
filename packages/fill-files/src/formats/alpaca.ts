import { numberCell, pick, textCell } from "../row-values.js";
import { assetTypeOfSymbol, type FillFormat, type FormatReading } from "./format.js";

// Alpaca account activities (GET /v2/account/activities, written out as CSV by the dashboard or
// a script): trade rows have activity_type FILL with id, transaction_time, type (fill |
// partial_fill), price, qty, side (buy | sell | sell_short), symbol, leaves_qty, order_id,
// cum_qty, order_status. Other activity types (DIV, FEE, JNLC…) are reported as skipped. The
// activity id ("20210301000000000::uuid") is unique per execution: it is the producer fill id.
// Alpaca charges no commission on these rows, and they carry no order type.

const sides: Record<string, "buy" | "sell"> = { buy: "buy", sell: "sell", sell_short: "sell" };

export const alpacaFormat: FillFormat = {
  name: "alpaca",
  requiredColumns: [["activity_type"], ["transaction_time"], ["symbol"], ["side"], ["qty"], ["price"]],
  read(record, options): FormatReading {
    const activity = (pick(record, ["activity_type"]) ?? "").trim().toUpperCase();
    if (activity !== "FILL") return { skip: `activity_type ${activity || "(empty)"} is not a fill` };
    const quantity = numberCell(pick(record, ["qty"]), "qty");
    const price = numberCell(pick(record, ["price"]), "price");
    if ("reason" in quantity || "reason" in price) {
      return { reasons: [quantity, price].flatMap((cell) => ("reason" in cell ? [cell.reason] : [])) };
    }
    const sideText = (pick(record, ["side"]) ?? "").trim().toLowerCase();
    const side = sides[sideText];
    if (!side) return { reasons: [`unknown side "${sideText}": Alpaca writes buy, sell or sell_short`] };
    const symbol = (pick(record, ["symbol"]) ?? "").trim();
    return {
      draft: {
        fillId: textCell(pick(record, ["id"])),
        executedAt: (pick(record, ["transaction_time"]) ?? "").trim(),
        symbol,
        assetType: assetTypeOfSymbol(symbol),
        side,
        quantity: quantity.value,
        price: price.value,
        fees: 0,
        orderType: options.defaultOrderType,
        orderId: textCell(pick(record, ["order_id"])),
        tag: undefined,
      },
    };
  },
};
