/** The file as a whole cannot be read (no header, required columns missing, not JSON, bad options). */
export class FillFileError extends Error {}
