#!/usr/bin/env node
// Reshape JSON or NDJSON: select a path, filter records, flatten nested objects,
// and write JSON, NDJSON or CSV. Node 20+ built-ins only.
import { readFileSync, writeFileSync, existsSync, statSync } from "node:fs";
import { parseArgs } from "node:util";

const PROG = "transform.mjs";
const HELP = `Usage: node transform.mjs [options] [INPUT]

Reshape JSON / NDJSON. INPUT is a file path or "-" for stdin (the default).

Options:
  --select PATH     dotted path to the part to keep, e.g. data.items, items[0].name,
                    users.*.email ("*" maps over every element)
  --filter EXPR     keep records where KEY=VALUE or KEY!=VALUE (KEY may be dotted);
                    repeat the option to require several conditions
  --flatten         turn nested objects into dotted keys ({"a":{"b":1}} -> {"a.b":1});
                    arrays become indexed keys (tags.0, tags.1)
  --separator SEP   key separator used by --flatten (default ".")
  --fields LIST     comma-separated fields to keep, in this order (after --flatten)
  --from FORMAT     input format: auto (default), json, ndjson
  --to FORMAT       output format: json (default), ndjson, csv
  --compact         single-line JSON output
  --out FILE        write the result to FILE and print a JSON summary instead
  -h, --help        show this help

Exit codes: 0 ok, 1 bad data (invalid JSON, path not found), 2 bad usage.`;

class UsageError extends Error {}
class DataError extends Error {}

function parseCli(argv) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        select: { type: "string" },
        filter: { type: "string", multiple: true },
        flatten: { type: "boolean" },
        separator: { type: "string", default: "." },
        fields: { type: "string" },
        from: { type: "string", default: "auto" },
        to: { type: "string", default: "json" },
        compact: { type: "boolean" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    throw new UsageError(err.message);
  }
}

function readInput(source) {
  if (source === "-") return readFileSync(0, "utf8");
  if (!existsSync(source)) throw new UsageError(`input file not found: ${source}`);
  if (statSync(source).isDirectory()) throw new UsageError(`input is a directory, not a file: ${source}`);
  return readFileSync(source, "utf8");
}

function parseNdjson(text) {
  const out = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line));
    } catch (err) {
      throw new DataError(`invalid NDJSON on line ${i + 1}: ${err.message}`);
    }
  });
  return out;
}

function parseInput(text, format) {
  const body = text.replace(/^\uFEFF/, "");
  if (format === "ndjson") return parseNdjson(body);
  try {
    return JSON.parse(body);
  } catch (err) {
    if (format === "auto" && body.trim().split(/\r?\n/).filter((l) => l.trim()).length > 1) {
      try {
        return parseNdjson(body);
      } catch {
        /* fall through to the JSON error, which is usually the more useful one */
      }
    }
    throw new DataError(`input is not valid JSON${format === "auto" ? " or NDJSON" : ""}: ${err.message}`);
  }
}

function splitPath(path) {
  return path
    .replace(/\[(\d+|\*)\]/g, ".$1")
    .split(".")
    .filter((seg) => seg !== "");
}

function select(value, path) {
  const segs = splitPath(path);
  const walk = (node, i, trail) => {
    if (i === segs.length) return node;
    const seg = segs[i];
    const here = trail ? `${trail}.${seg}` : seg;
    if (seg === "*") {
      if (node === null || typeof node !== "object") throw new DataError(`cannot use "*" on a ${typeof node} at "${trail || "$"}"`);
      return Object.values(node).flatMap((child) => {
        const r = walk(child, i + 1, here);
        return segs.slice(i + 1).includes("*") && Array.isArray(r) ? r : [r];
      });
    }
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(seg)) throw new DataError(`path "${path}": "${trail || "$"}" is an array, expected an index but got "${seg}"`);
      if (Number(seg) >= node.length) throw new DataError(`path "${path}": index ${seg} out of range (length ${node.length}) at "${trail || "$"}"`);
      return walk(node[Number(seg)], i + 1, here);
    }
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, seg)) {
      const keys = node && typeof node === "object" ? Object.keys(node).slice(0, 10).join(", ") : typeof node;
      throw new DataError(`path "${path}" not found: no key "${seg}" at "${trail || "$"}" (available: ${keys})`);
    }
    return walk(node[seg], i + 1, here);
  };
  return walk(value, 0, "");
}

function lookup(record, key) {
  if (record !== null && typeof record === "object" && Object.hasOwn(record, key)) return { found: true, value: record[key] };
  let node = record;
  for (const seg of splitPath(key)) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, seg)) return { found: false };
    node = node[seg];
  }
  return { found: true, value: node };
}

function asText(value) {
  if (value === null || value === undefined) return value === null ? "null" : "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function parseFilter(expr) {
  const m = /^([^!=]+)(!=|=)(.*)$/s.exec(expr);
  if (!m) throw new UsageError(`bad --filter "${expr}": expected KEY=VALUE or KEY!=VALUE`);
  const [, key, op, expected] = m;
  return (record) => {
    const { found, value } = lookup(record, key.trim());
    const equal = found && asText(value) === expected;
    return op === "=" ? equal : !equal;
  };
}

function flatten(value, sep, prefix = "", out = {}) {
  if (value !== null && typeof value === "object" && (Array.isArray(value) ? value.length : Object.keys(value).length)) {
    for (const [k, v] of Object.entries(value)) flatten(v, sep, prefix ? `${prefix}${sep}${k}` : k, out);
  } else if (prefix) {
    out[prefix] = value;
  } else {
    return value; // a primitive at the top level stays as it is
  }
  return out;
}

function pickFields(record, fields) {
  if (record === null || typeof record !== "object" || Array.isArray(record)) return record;
  const out = {};
  for (const f of fields) {
    const { found, value } = lookup(record, f);
    out[f] = found ? value : null;
  }
  return out;
}

function csvCell(value) {
  const text = asText(value === null ? undefined : value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function toCsv(records, fields) {
  const rows = records.map((r) => (r !== null && typeof r === "object" && !Array.isArray(r) ? r : { value: r }));
  let header = fields;
  if (!header) {
    const seen = new Set();
    for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
    header = [...seen];
  }
  const lines = [header.map(csvCell).join(",")];
  for (const r of rows) lines.push(header.map((h) => csvCell(Object.hasOwn(r, h) ? r[h] : undefined)).join(","));
  return lines.join("\n") + "\n";
}

function run(argv) {
  const { values: opts, positionals } = parseCli(argv);
  if (opts.help) {
    process.stdout.write(HELP + "\n");
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`expected one input, got ${positionals.length}: ${positionals.join(" ")}`);
  if (!["auto", "json", "ndjson"].includes(opts.from)) throw new UsageError(`--from must be auto, json or ndjson (got "${opts.from}")`);
  if (!["json", "ndjson", "csv"].includes(opts.to)) throw new UsageError(`--to must be json, ndjson or csv (got "${opts.to}")`);
  const source = positionals[0] ?? "-";
  const filters = (opts.filter ?? []).map(parseFilter);
  const fields = opts.fields ? opts.fields.split(",").map((f) => f.trim()).filter(Boolean) : undefined;
  if (fields && !fields.length) throw new UsageError("--fields is empty");

  let data = parseInput(readInput(source), opts.from);
  if (opts.select) data = select(data, opts.select);

  const isList = Array.isArray(data);
  let records = isList ? data : [data];
  if (filters.length) {
    if (!isList) throw new DataError(`--filter needs an array of records, but the ${opts.select ? "selected value" : "input"} is ${data === null ? "null" : typeof data}; use --select to reach the array`);
    records = records.filter((r) => filters.every((f) => f(r)));
  }
  if (opts.flatten) records = records.map((r) => flatten(r, opts.separator));
  if (fields) records = records.map((r) => pickFields(r, fields));

  let output;
  if (opts.to === "csv") output = toCsv(records, fields);
  else if (opts.to === "ndjson") output = records.map((r) => JSON.stringify(r)).join("\n") + (records.length ? "\n" : "");
  else output = JSON.stringify(isList ? records : records[0], null, opts.compact ? undefined : 2) + "\n";

  if (opts.out) {
    writeFileSync(opts.out, output);
    process.stdout.write(JSON.stringify({ out: opts.out, format: opts.to, records: records.length, bytes: Buffer.byteLength(output) }) + "\n");
  } else {
    process.stdout.write(output);
  }
  return 0;
}

// Stop quietly when the reader goes away (e.g. "| head").
process.stdout.on("error", (err) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

try {
  process.exitCode = run(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`${PROG}: error: ${err.message}\nRun "node ${PROG} --help" for usage.\n`);
    process.exitCode = 2;
  } else if (err instanceof DataError) {
    process.stderr.write(`${PROG}: error: ${err.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`${PROG}: error: ${err && err.message ? err.message : err}\n`);
    process.exitCode = 1;
  }
}
