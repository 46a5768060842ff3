import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "fill-files" },
});
