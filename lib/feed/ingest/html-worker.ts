import { renderContent } from './content';

// The HTML worker's entry (bundled by scripts/build-html-worker.mjs into the production build):
// piscina calls the default export once per item body. Nothing here touches the brief store,
// the config or the network: a body goes in, its sanitised HTML, text and sections come out.

export default renderContent;
