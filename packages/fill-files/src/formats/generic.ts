import { assetTypes, fillSides } from "@parley/api/run-schemas";
import { numberCell, optionalNumberCell, pick, textCell } from "../row-values.js";
import type { DraftFill, FillFormat, FormatReading } from "./format.js";

// Our own documented CSV (README "Fill files"): one row per fill, the columns of runs.appendFills
// in snake_case. Optional: fill_id (derived when absent), asset_type (stock), fees (0),
// order_type (the import's default), order_id, tag.

export const genericFormat: FillFormat = {
  name: "generic",
  requiredColumns: [["executed_at"], ["symbol"], ["side"], ["quantity"], ["price"]],
  read(record, options): FormatReading {
    const reasons: string[] = [];
    const quantity = numberCell(pick(record, ["quantity"]), "quantity");
    const price = numberCell(pick(record, ["price"]), "price");
    const fees = optionalNumberCell(pick(record, ["fees"]), "fees", 0);
    for (const cell of [quantity, price, fees]) if ("reason" in cell) reasons.push(cell.reason);
    if ("reason" in quantity || "reason" in price || "reason" in fees) return { reasons };
    const side = (pick(record, ["side"]) ?? "").trim().toLowerCase();
    const assetType = (textCell(pick(record, ["asset_type"])) ?? "stock").toLowerCase();
    const draft: DraftFill = {
      fillId: textCell(pick(record, ["fill_id"])),
      executedAt: (pick(record, ["executed_at"]) ?? "").trim(),
      symbol: (pick(record, ["symbol"]) ?? "").trim(),
      assetType: assetTypes.find((known) => known === assetType) ?? (assetType as DraftFill["assetType"]),
      side: fillSides.find((known) => known === side) ?? (side as DraftFill["side"]),
      quantity: quantity.value,
      price: price.value,
      fees: fees.value,
      orderType: (textCell(pick(record, ["order_type"]))?.toLowerCase() ?? options.defaultOrderType) as DraftFill["orderType"],
      orderId: textCell(pick(record, ["order_id"])),
      tag: textCell(pick(record, ["tag"])),
    };
    return { draft };
  },
};
