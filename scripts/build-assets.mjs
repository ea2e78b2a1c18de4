// Compiles GOV.UK Frontend and the project's styles into static/ (git-ignored build output).
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const frontend = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "static");

mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });
cpSync(join(frontend, "assets"), join(out, "assets"), { recursive: true });
cpSync(join(frontend, "govuk-frontend.min.js"), join(out, "js", "govuk-frontend.min.js"));
cpSync(join(root, "static", "src", "application.mjs"), join(out, "js", "application.mjs"));
cpSync(join(root, "static", "src", "js-enabled.js"), join(out, "js", "js-enabled.js"));

const result = sass.compile(join(root, "static", "src", "application.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "css", "application.css"), result.css);
console.log(`Built static/css/application.css (${result.css.length} bytes)`);
