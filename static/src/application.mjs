// Starts every GOV.UK Frontend component on the page. Served as a static module: no inline script (CSP).
import { initAll } from "./govuk-frontend.min.js";

initAll();
