import type { CompilerPass } from "../../pass.js";
import type { Parsers, extractRequirements as Extract } from "./extract/index.js";
import { EnvManifest, INSTALL_SCRIPT, VERIFY_SCRIPT } from "./schema.js";
import type { installScript as InstallScript, verifyScript as VerifyScript } from "./scripts/index.js";

let parsers: Parsers | undefined;
let extract: typeof Extract | undefined;
let scripts: { installScript: typeof InstallScript; verifyScript: typeof VerifyScript } | undefined;

/**
 * PASS "env" (PASS-2, environment binding): what the skill needs from its environment (Python
 * distributions, npm packages, executables, environment variables), from its metadata, its
 * bundled scripts and the code in its instructions; plus env/verify.sh and env/install.sh.
 */
export const envPass: CompilerPass = {
  name: "env",
  description: "extract packages, executables and variables the skill needs; generate verify and install scripts",
  async setup() {
    // tree-sitter's wasm grammars are loaded only when a skill is actually compiled.
    const module = await import("./extract/index.js");
    scripts ??= await import("./scripts/index.js");
    parsers ??= await module.loadParsers();
    extract = module.extractRequirements;
  },
  run(unit) {
    if (!parsers || !extract || !scripts) throw new Error('pass "env" ran before its setup() hook');
    const { requires, systemPackages, os, diagnostics } = extract(unit.ir, parsers);
    const env: EnvManifest = EnvManifest.parse({ requires, verify: VERIFY_SCRIPT, install: INSTALL_SCRIPT, systemPackages, os });
    return {
      unit: {
        ir: unit.ir,
        out: {
          ...unit.out,
          files: {
            ...unit.out.files,
            [VERIFY_SCRIPT]: scripts.verifyScript({ requires, os }),
            [INSTALL_SCRIPT]: scripts.installScript({ requires, systemPackages }),
          },
          manifest: { ...unit.out.manifest, env },
        },
      },
      diagnostics,
    };
  },
};
