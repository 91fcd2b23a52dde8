import { commandsOf } from "../commands.js";
import { aboutThing, isDirective, negatedBefore } from "../directive.js";
import { blockEvidence, sentenceEvidence, type Finding } from "../finding.js";
import type { SkillText } from "../skill-text.js";

// tool.web (catalogue: L1 GET one document, L2 query parameters and nested data, L3 pagination)
// and tool.browser (L1 an element's text, L2 a table, L3 following links across pages). A link
// to documentation is not a fetch: the sentence must ask to fetch, call or browse.

const FETCH = /\b(?:fetch|get|download|call|query|request|post|hit|curl|poll|search the web|web search|look up online)\b/i;
const WEB_TARGET = /https?:\/\/\S+|\b(?:api|endpoint|rest|graphql|web|online|internet|website|url)s?\b/i;
const PARAMS = /https?:\/\/\S*\?\S*=|\bquery (?:parameters?|string)\b|\bheaders?\b|\bbearer\b|\bpost\b/i;
const PAGINATE = /\bpaginat\w*|\bnext[_ ]?page\b|\bcursor\b|\b(?:all|every) pages?\b|\bpage=\d/i;
const CLAUSE_CHARS = 40;
const CURL = /^(?:curl|wget|http|https|xh)\s/;

const BROWSER = /\b(?:(?:with|using|use|open)\s+(?:a|the|your)?\s*(?:headless\s+)?browser|navigate to|browser (?:tool|automation)|click (?:on )?(?:the )?\w+|take a screenshot of the (?:page|site)|fill (?:in|out) the (?:form|field))\b/i;
const BROWSER_TABLE = /\btables?\b/i;
const BROWSER_CRAWL = /\bfollow (?:the |each |every )?links?\b|\bcrawl\w*|\bacross (?:multiple |several |all )?pages\b|\b(?:each|every) (?:linked )?page\b/i;

export function webRequests(text: SkillText): Finding[] {
  const findings: Finding[] = [];
  for (const c of commandsOf(text)) {
    if (!CURL.test(c.text)) continue;
    const level = PAGINATE.test(c.text) ? 3 : PARAMS.test(c.text) || /\s-(?:H|d|X)\s/.test(c.text) ? 2 : 1;
    findings.push({ id: "tool.web", level, evidence: blockEvidence(text, c.block, c.offset, "an HTTP request the model must make") });
  }
  for (const s of text.sentences) {
    if (!isDirective(s.text) || aboutThing(s.text)) continue;
    const fetch = FETCH.exec(s.text);
    // The verb and what it fetches in one clause: "call the API", "fetch https://...".
    if (fetch && WEB_TARGET.test(s.text.slice(fetch.index, fetch.index + CLAUSE_CHARS)) && !negatedBefore(s.text, fetch.index)) {
      const level = PAGINATE.test(s.text) ? 3 : PARAMS.test(s.text) ? 2 : 1;
      const why = level === 3 ? "asks to fetch every page of a paginated source" : level === 2 ? "asks for a web request with parameters" : "asks to fetch from the web";
      findings.push({ id: "tool.web", level, evidence: sentenceEvidence(text, s, fetch.index, why) });
    }
    const browse = BROWSER.exec(s.text);
    if (browse && !negatedBefore(s.text, browse.index)) {
      const level = BROWSER_CRAWL.test(s.text) ? 3 : BROWSER_TABLE.test(s.text) ? 2 : 1;
      const why = level === 3 ? "asks to follow links across pages in a browser" : level === 2 ? "asks to extract a table from a page" : "asks to work a page in a browser";
      findings.push({ id: "tool.browser", level, evidence: sentenceEvidence(text, s, browse.index, why) });
    }
  }
  return findings;
}
