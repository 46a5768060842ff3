/** "1 fill", "20,000 fills": imports run to millions of rows, so thousands are grouped. */
export const countOf = (count: number, noun: string) => `${count.toLocaleString("en-US")} ${count === 1 ? noun : `${noun}s`}`;
