import { describe, expect, test } from "vitest";
import { extractFrom, fence, names, req } from "./skill.js";

describe("Python imports in bundled scripts", () => {
  test("import x, import x.y as z and from x.y import z name their top-level distribution", async () => {
    const r = await extractFrom("# Use\n", {
      "scripts/run.py": "import requests\nimport numpy.linalg as la\nfrom pandas.api import types\n",
    });
    expect(names(r, "python")).toEqual(["numpy", "pandas", "requests"]);
    expect(req(r, "python", "pandas").origins).toEqual(["scripts/run.py:3"]);
  });

  test("import names map to their pip distribution, and `import` keeps the module verify checks", async () => {
    const r = await extractFrom("# Use\n", {
      "scripts/run.py": "from PIL import Image\nimport yaml\nimport cv2\nimport docx\nfrom google.protobuf import json_format\nimport fitz\n",
    });
    expect(r.requires.python).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "Pillow", import: "PIL" }),
        expect.objectContaining({ name: "PyYAML", import: "yaml" }),
        expect.objectContaining({ name: "opencv-python", import: "cv2" }),
        expect.objectContaining({ name: "python-docx", import: "docx" }),
        expect.objectContaining({ name: "protobuf", import: "google.protobuf" }),
        expect.objectContaining({ name: "PyMuPDF", import: "fitz" }),
      ]),
    );
  });

  test("standard-library, __future__ and relative imports are not requirements", async () => {
    const r = await extractFrom("# Use\n", {
      "scripts/run.py": "from __future__ import annotations\nimport os, sys, json\nimport xml.etree.ElementTree as ET\nfrom collections import Counter\nfrom . import sibling\nfrom .pkg import thing\n",
    });
    expect(r.requires.python).toEqual([]);
  });

  test("the skill's own modules and packages are local, wherever they sit in the skill", async () => {
    const r = await extractFrom("# Use\n", {
      "scripts/report.py": "import table_io\nfrom helpers.text import clean\nimport scripts.table_io\n",
      "scripts/table_io.py": "import csv\n",
      "lib/helpers/text.py": "import re\n",
    });
    expect(r.requires.python).toEqual([]);
  });

  test("imports under `if TYPE_CHECKING:` never run and are skipped; its else branch counts", async () => {
    const r = await extractFrom("# Use\n", {
      "scripts/run.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pandas\nelse:\n    import numpy\n",
    });
    expect(names(r, "python")).toEqual(["numpy"]);
  });

  test("imports inside try/except ImportError are optional, elsewhere core", async () => {
    const r = await extractFrom("# Use\n", {
      "scripts/run.py": "try:\n    import ujson as json\nexcept ImportError:\n    import json\nimport requests\n",
    });
    expect(req(r, "python", "ujson").optional).toBe(true);
    expect(req(r, "python", "requests").optional).toBe(false);
  });

  test("an optional import that is also imported unguarded is core", async () => {
    const r = await extractFrom("# Use\n", {
      "scripts/a.py": "try:\n    import lxml\nexcept (ImportError, OSError):\n    lxml = None\n",
      "scripts/b.py": "import lxml\n",
    });
    expect(req(r, "python", "lxml")).toMatchObject({ optional: false, origins: ["scripts/a.py:2", "scripts/b.py:1"] });
  });

  test("python code blocks in SKILL.md contribute their imports and need python3", async () => {
    const r = await extractFrom(`# Use\n\n${fence("python", "import pypdf\nfrom bs4 import BeautifulSoup")}`);
    expect(req(r, "python", "pypdf").origins).toEqual(["SKILL.md:8"]);
    expect(req(r, "python", "beautifulsoup4").import).toBe("bs4");
    expect(req(r, "bins", "python3").origins).toEqual(["SKILL.md:8"]);
  });
});

describe("programs started from Python", () => {
  test("subprocess, os.system and shutil.which name the executables they run", async () => {
    const r = await extractFrom("# Use\n", {
      "scripts/run.py": [
        "import os, shutil, subprocess",
        'subprocess.run(["qpdf", "--check", path], check=True)',
        'subprocess.check_output(("pdftoppm", "-png", src))',
        'os.system(f"ffmpeg -i {src} out.mp4 | tee log")',
        'if shutil.which("pandoc") is None: pass',
        'subprocess.Popen(cmd)',
        'subprocess.call(["ls", "-l"])',
        'subprocess.run(["soffice"] + args, env=env)',
      ].join("\n"),
    });
    expect(names(r, "bins")).toEqual(["ffmpeg", "pandoc", "pdftoppm", "python3", "qpdf", "soffice"]);
    expect(req(r, "bins", "qpdf").origins).toEqual(["scripts/run.py:2"]);
  });

  test("names imported from subprocess work bare, and a pip install argv installs a distribution", async () => {
    const r = await extractFrom("# Use\n", {
      "scripts/run.py": 'from subprocess import run as sh, check_call\nsh(["git", "status"])\ncheck_call(["pip", "install", "markitdown[pdf]"])\n',
    });
    expect(names(r, "bins")).toEqual(["git", "python3"]);
    expect(names(r, "python")).toEqual(["markitdown"]);
  });
});

describe("PEP 723 inline script metadata", () => {
  test("the dependencies of a `# /// script` block are pip requirements at their own lines", async () => {
    const script = [
      "#!/usr/bin/env -S uv run --script",
      "# /// script",
      '# requires-python = ">=3.10"',
      "# dependencies = [",
      '#   "httpx>=0.27",',
      '#   "rich[jupyter]",',
      "# ]",
      "# ///",
      "import httpx",
    ].join("\n");
    const r = await extractFrom("# Use\n", { "scripts/fetch.py": script });
    expect(req(r, "python", "httpx").origins).toEqual(["scripts/fetch.py:5", "scripts/fetch.py:9"]);
    expect(req(r, "python", "rich").origins).toEqual(["scripts/fetch.py:6"]);
    expect(names(r, "bins")).toEqual(["uv"]);
  });
});
