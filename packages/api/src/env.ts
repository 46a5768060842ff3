// The one thing the API reads from its environment: whether error answers may carry stacks.
export const isProduction = process.env.NODE_ENV === "production";
