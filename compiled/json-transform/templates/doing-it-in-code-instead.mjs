const __skvm_params = JSON.parse(process.argv.splice(2, 1)[0] ?? "{}"); // skvm: parameters arrive as JSON in argv
import { readFileSync } from "node:fs";

const doc = JSON.parse(readFileSync(__skvm_params["path"], "utf8"));
const rows = doc.data.users.map((u) => ({ id: u.id, city: u.address.city, tagCount: u.tags.length }));
console.log(JSON.stringify(rows, null, 2));
