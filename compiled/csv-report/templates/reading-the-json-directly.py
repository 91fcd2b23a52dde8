import json as _skvm_json, os as _skvm_os, sys as _skvm_sys  # skvm: parameters arrive as JSON in argv[1]
_skvm_params = _skvm_json.loads(_skvm_sys.argv.pop(1))
import json

with open(_skvm_params["path"]) as fh:
    stats = json.load(fh)
for col in stats["columns"]:
    if col["nulls"]:
        print(f'{col["name"]}: {col["nulls"]} missing ({col["null_pct"]}%)')
