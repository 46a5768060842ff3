import { blotter, marksOf } from "./factories.js";

/*
 * A six-day run worked out by hand; the tests quote these figures. Every fill pays a $1 fee.
 * Starts Sun 2023-12-31 12:00 UTC (a partial first day, no trading) and ends Sat 2024-01-06 00:00.
 *
 *  #  time (Jan)  fill                 position after     realized (gross)         net of fee
 *  1  1 10:00     buy  10 AAA @ 100    AAA +10 @ 100      —
 *  2  1 11:00     buy  10 AAA @ 110    AAA +20 @ 105      —   (1000 + 1100) / 20 = 105
 *  3  1 14:00     sell  5 BBB @  50    BBB  −5 @  50      —   (opens a short)
 *  4  2 10:00     sell  5 AAA @ 115    AAA +15 @ 105      5 × (115 − 105) = +50     +49 win
 *  5  2 15:00     buy   5 BBB @  54    BBB flat           5 × (50 − 54)   = −20     −21 loss
 *  6  3 10:00     sell 20 AAA @ 100    AAA  −5 @ 100      15 × (100 − 105) = −75    −76 loss (flip)
 *  7  3 12:00     buy   2 AAA @  96    AAA  −3 @ 100      2 × (100 − 96)  = +8      +7 win
 *  8  4 10:00     buy  10 BBB @  40    BBB +10 @  40      —
 *  9  4 16:00     buy   3 AAA @ 100    AAA flat           3 × (100 − 100) = 0       −1 loss
 * 10  5 10:00     sell  4 BBB @  45    BBB  +6 @  40      4 × (45 − 40)   = +20     +19 win
 *
 * Realized: 50 − 20 − 75 + 8 + 0 + 20 = −17. Fees: 10.
 * Daily closes (cash = 10000 − Σ signed qty × price − fees; equity = cash + Σ qty × latest mark):
 *   Dec 31 12:00  start                                                equity 10000
 *   Jan 1 00:00   no fills yet                                         equity 10000
 *   Jan 2 00:00   cash 10000 − (1000 + 1100 − 250) − 3 = 8147
 *                 AAA 20 × 112 − BBB 5 × 52 = 1980                     equity 10127
 *   Jan 3 00:00   cash 10000 − (1850 − 575 + 270) − 5 = 8450; AAA 15 × 108 = 1620   equity 10070
 *   Jan 4 00:00   cash 10000 − (1545 − 2000 + 192) − 7 = 10256; AAA −3 × 98 = −294  equity 9962
 *   Jan 5 00:00   cash 10000 − (−263 + 400 + 300) − 9 = 9554; BBB 10 × 42 = 420     equity 9974
 *   Jan 6 00:00   cash 10000 − (437 − 180) − 10 = 9733; BBB 6 × 44 = 264            equity 9997
 * Check at the end: realized −17 + unrealized 6 × (44 − 40) = 24 − fees 10 = −3 = 9997 − 10000.
 */
export const tenFillRun = {
  startingCapital: 10_000,
  startedAt: new Date("2023-12-31T12:00:00Z"),
  endedAt: new Date("2024-01-06T00:00:00Z"),
  fills: blotter(
    ["2024-01-01T10:00:00Z", "buy", 10, "AAA", 100, { fees: 1 }],
    ["2024-01-01T11:00:00Z", "buy", 10, "AAA", 110, { fees: 1, orderType: "limit" }],
    ["2024-01-01T14:00:00Z", "sell", 5, "BBB", 50, { fees: 1 }],
    ["2024-01-02T10:00:00Z", "sell", 5, "AAA", 115, { fees: 1 }],
    ["2024-01-02T15:00:00Z", "buy", 5, "BBB", 54, { fees: 1 }],
    ["2024-01-03T10:00:00Z", "sell", 20, "AAA", 100, { fees: 1 }],
    ["2024-01-03T12:00:00Z", "buy", 2, "AAA", 96, { fees: 1 }],
    ["2024-01-04T10:00:00Z", "buy", 10, "BBB", 40, { fees: 1 }],
    ["2024-01-04T16:00:00Z", "buy", 3, "AAA", 100, { fees: 1 }],
    ["2024-01-05T10:00:00Z", "sell", 4, "BBB", 45, { fees: 1 }],
  ),
  marks: marksOf(
    ["2024-01-01T12:00:00Z", "AAA", 999], // superseded by the 23:00 mark before any close
    ["2024-01-01T23:00:00Z", "AAA", 112],
    ["2024-01-01T23:00:00Z", "BBB", 52],
    ["2024-01-02T23:00:00Z", "AAA", 108],
    ["2024-01-03T23:00:00Z", "AAA", 98],
    ["2024-01-04T23:00:00Z", "BBB", 42],
    ["2024-01-05T23:00:00Z", "BBB", 44],
    ["2024-01-06T12:00:00Z", "BBB", 1000], // after the run: must be ignored
  ),
};
