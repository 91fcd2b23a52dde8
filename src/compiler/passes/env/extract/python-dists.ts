import { normalizeDistribution } from "./pep508.js";

/**
 * Import names whose pip distribution is spelled differently (`import yaml` needs `pip install
 * PyYAML`). A dotted key covers a namespace package (`google.protobuf`): its top-level name alone
 * (`google`) says nothing about which distribution is meant. Modules not listed install under
 * their own name, which is right for most of PyPI (requests, numpy, pandas, openpyxl, ...).
 */
export const MODULE_DISTRIBUTIONS: Readonly<Record<string, string>> = {
  // Images, documents, PDFs
  PIL: "Pillow",
  cv2: "opencv-python",
  skimage: "scikit-image",
  fitz: "PyMuPDF",
  docx: "python-docx",
  pptx: "python-pptx",
  odf: "odfpy",
  pdfminer: "pdfminer.six",
  fpdf: "fpdf2",
  camelot: "camelot-py",
  tabula: "tabula-py",
  barcode: "python-barcode",
  magic: "python-magic",
  markdown: "Markdown",
  jinja2: "Jinja2",
  yaml: "PyYAML",
  ruamel: "ruamel.yaml",
  "ruamel.yaml": "ruamel.yaml",
  bs4: "beautifulsoup4",
  // Data and science
  sklearn: "scikit-learn",
  mpl_toolkits: "matplotlib",
  osgeo: "GDAL",
  Bio: "biopython",
  faiss: "faiss-cpu",
  sentence_transformers: "sentence-transformers",
  whisper: "openai-whisper",
  llama_cpp: "llama-cpp-python",
  // Dates, config, text
  dateutil: "python-dateutil",
  dotenv: "python-dotenv",
  slugify: "python-slugify",
  speech_recognition: "SpeechRecognition",
  antlr4: "antlr4-python3-runtime",
  // Crypto and auth
  Crypto: "pycryptodome",
  Cryptodome: "pycryptodomex",
  OpenSSL: "pyOpenSSL",
  jwt: "PyJWT",
  jose: "python-jose",
  nacl: "PyNaCl",
  argon2: "argon2-cffi",
  // Hardware and OS
  serial: "pyserial",
  usb: "pyusb",
  gi: "PyGObject",
  Xlib: "python-xlib",
  wx: "wxPython",
  win32api: "pywin32",
  win32con: "pywin32",
  win32com: "pywin32",
  win32gui: "pywin32",
  win32clipboard: "pywin32",
  pythoncom: "pywin32",
  pywintypes: "pywin32",
  // Databases, messaging, network
  MySQLdb: "mysqlclient",
  psycopg2: "psycopg2",
  bson: "pymongo",
  zmq: "pyzmq",
  kafka: "kafka-python",
  dns: "dnspython",
  websocket: "websocket-client",
  multipart: "python-multipart",
  socketio: "python-socketio",
  engineio: "python-engineio",
  telegram: "python-telegram-bot",
  discord: "discord.py",
  git: "GitPython",
  github: "PyGithub",
  gitlab: "python-gitlab",
  attr: "attrs",
  pkg_resources: "setuptools",
  ffmpeg: "ffmpeg-python",
  // Cloud SDKs (namespace packages)
  "google.protobuf": "protobuf",
  "google.genai": "google-genai",
  "google.generativeai": "google-generativeai",
  "google.auth": "google-auth",
  "google.oauth2": "google-auth",
  "google.cloud.storage": "google-cloud-storage",
  "google.cloud.bigquery": "google-cloud-bigquery",
  "google.cloud.vision": "google-cloud-vision",
  googleapiclient: "google-api-python-client",
  google_auth_oauthlib: "google-auth-oauthlib",
  "azure.identity": "azure-identity",
  "azure.storage.blob": "azure-storage-blob",
};

/** The pip distribution for a module path, and the import that proves it installed. */
export function distributionOf(module: string): { name: string; import: string } {
  const parts = module.split(".");
  // Longest listed prefix first, so `google.cloud.storage.blob` finds `google.cloud.storage`.
  for (let n = parts.length; n >= 1; n--) {
    const key = parts.slice(0, n).join(".");
    const name = MODULE_DISTRIBUTIONS[key];
    if (name !== undefined) return { name, import: key };
  }
  const top = parts[0] ?? module;
  return { name: top, import: top };
}

const IMPORT_OF_DIST: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [module, dist] of Object.entries(MODULE_DISTRIBUTIONS)) {
    const key = normalizeDistribution(dist);
    if (!map.has(key)) map.set(key, module);
  }
  map.set("opencv-python-headless", "cv2");
  map.set("opencv-contrib-python", "cv2");
  map.set("psycopg2-binary", "psycopg2");
  map.set("pymupdf", "fitz");
  return map;
})();

/**
 * The module to import for a distribution named in a requirements file or an install line. Only
 * a listed distribution gives a sure answer; otherwise the usual convention (`python-foo` stays,
 * dashes become underscores) is a guess that an import found in code will overrule.
 */
export function importOf(dist: string): { import?: string; guessed: boolean } {
  const known = IMPORT_OF_DIST.get(normalizeDistribution(dist));
  if (known !== undefined) return { import: known, guessed: false };
  const guess = dist.toLowerCase().replace(/[-.]/g, "_");
  return /^[a-z_][a-z0-9_]*$/.test(guess) ? { import: guess, guessed: true } : { guessed: true };
}
