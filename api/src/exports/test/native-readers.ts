import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/** A value as R read it: a number, a text, null (NA), or a Stata extended missing value's tag. */
export type ReadValue = number | string | null | { tag: string };

export interface ReadVariable {
  name: string;
  label: string | null;
  /** Value labels as code → label (codes written as R writes them; tagged missing values as ".a"). */
  labels: Record<string, string>;
  /** The declared missing values (.sav). */
  naValues: (number | string)[];
  format: string | null;
  /** What R makes of the column when it does not keep missing codes (haven's default): the count of NA. */
  naByDefault: number;
}

export interface ReadFile {
  variables: ReadVariable[];
  rows: ReadValue[][];
}

/**
 * Prints what haven reads from a .sav or .dta as JSON, written with base R only (CI installs R and haven, nothing more).
 * The .sav is read with user_na = TRUE to see the codes, and again with the default to count what becomes NA.
 */
const R_READER = String.raw`
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(haven))
js <- function(s) {
  if (is.null(s) || length(s) == 0 || is.na(s)) return("null")
  s <- enc2utf8(as.character(s))
  s <- gsub("\\", "\\\\", s, fixed = TRUE)
  s <- gsub("\"", "\\\"", s, fixed = TRUE)
  s <- gsub("\n", "\\n", s, fixed = TRUE)
  s <- gsub("\r", "\\r", s, fixed = TRUE)
  s <- gsub("\t", "\\t", s, fixed = TRUE)
  paste0("\"", s, "\"")
}
num <- function(x) {
  if (is.na(x)) {
    if (is_tagged_na(x)) return(paste0("{\"tag\":\"", na_tag(x), "\"}"))
    return("null")
  }
  sprintf("%.17g", x)
}
cell <- function(x) {
  if (inherits(x, "Date")) return(js(if (is.na(x)) NA else format(x, "%Y-%m-%d")))
  if (is.character(x)) return(js(as.character(unclass(x))))
  num(unclass(x))
}
key <- function(x) if (is.character(x)) x else if (is.na(x) && is_tagged_na(x)) paste0(".", na_tag(x)) else sprintf("%.17g", x)
path <- args[1]
kind <- args[2]
data <- if (kind == "sav") read_sav(path, user_na = TRUE) else read_dta(path)
plain <- if (kind == "sav") read_sav(path) else read_dta(path)
vars <- character(0)
for (name in names(data)) {
  x <- data[[name]]
  labels <- attr(x, "labels")
  lab <- if (is.null(labels)) "{}" else paste0("{", paste0(sapply(seq_along(labels), function(i) paste0(js(key(labels[[i]])), ":", js(names(labels)[i]))), collapse = ","), "}")
  na <- attr(x, "na_values")
  navals <- if (is.null(na)) "[]" else paste0("[", paste0(sapply(na, function(v) if (is.character(v)) js(v) else sprintf("%.17g", v)), collapse = ","), "]")
  fmt <- attr(x, if (kind == "sav") "format.spss" else "format.stata")
  vars <- c(vars, paste0("{\"name\":", js(name), ",\"label\":", js(attr(x, "label")), ",\"labels\":", lab,
    ",\"naValues\":", navals, ",\"format\":", js(fmt), ",\"naByDefault\":", sum(is.na(plain[[name]])), "}"))
}
rows <- character(0)
if (nrow(data) > 0) for (i in seq_len(nrow(data))) {
  rows <- c(rows, paste0("[", paste0(sapply(names(data), function(n) cell(data[[n]][i])), collapse = ","), "]"))
}
con <- file(args[3], "w", encoding = "UTF-8")
writeLines(paste0("{\"variables\":[", paste0(vars, collapse = ","), "],\"rows\":[", paste0(rows, collapse = ","), "]}"), con, useBytes = TRUE)
close(con)
`;

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`,
    );
  return `${result.stdout}${result.stderr}`;
}

/** Reads a .sav or .dta file with R's haven. */
export function readWithHaven(bytes: Buffer, kind: 'sav' | 'dta'): ReadFile {
  const dir = mkdtempSync(join(tmpdir(), 'verdi-haven-'));
  const file = join(dir, `data.${kind}`);
  writeFileSync(file, bytes);
  try {
    writeFileSync(join(dir, 'read.R'), R_READER);
    run('Rscript', [join(dir, 'read.R'), file, kind, join(dir, 'out.json')]);
    return JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as ReadFile;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PsppFile {
  /** PSPP's DISPLAY DICTIONARY output, as text. */
  dictionary: string;
  /** The data as PSPP writes them to CSV: header row, then cases (user-missing values as their codes). */
  rows: string[][];
  /** Everything PSPP printed; a warning about the file shows here. */
  log: string;
  /**
   * PSPP's warnings and errors, less one: PSPP 1.6 (Debian 12) reads the long string missing values record with a
   * length before each value, where SPSS writes (and PSPP documents) one length for all, so it warns that the record
   * "ends unexpectedly" and ignores it. haven reads it as SPSS writes it.
   */
  problems: string[];
}

/**
 * Reads a .sav file with PSPP: its dictionary and its data, as PSPP sees them. PSPP's CSV writer drops carriage
 * returns, so PSPP also measures the texts of `measure` (in bytes, trailing spaces trimmed as SPSS does): the lengths
 * come as the last columns of `rows`, named `verdi_len_<n>`.
 */
export function readWithPspp(bytes: Buffer, measure: string[] = []): PsppFile {
  const dir = mkdtempSync(join(tmpdir(), 'verdi-pspp-'));
  try {
    const sav = join(dir, 'data.sav');
    const csv = join(dir, 'data.csv');
    writeFileSync(sav, bytes);
    writeFileSync(
      join(dir, 'read.sps'),
      [
        `GET FILE='${sav}'.`,
        'DISPLAY DICTIONARY.',
        'DISPLAY DOCUMENTS.',
        ...measure.map((name, i) => `COMPUTE verdi_len_${i + 1} = LENGTH(RTRIM(${name})).`),
        `SAVE TRANSLATE /OUTFILE='${csv}' /TYPE=CSV /FIELDNAMES /REPLACE.`,
        '',
      ].join('\n'),
    );
    const log = run('pspp', ['-O', 'box=ascii', '-O', 'width=400', join(dir, 'read.sps')]);
    const dictionaryFile = join(dir, 'dictionary.txt');
    run('pspp', ['-O', 'box=ascii', '-O', 'width=400', '-o', dictionaryFile, join(dir, 'read.sps')]);
    return {
      dictionary: readFileSync(dictionaryFile, 'utf8'),
      rows: parse(readFileSync(csv, 'utf8'), { relax_column_count: false }) as string[][],
      log,
      problems: log
        .split('\n')
        .filter((line) => /warning|error/i.test(line))
        .filter((line) => !/Extension record subtype 22 ends unexpectedly/.test(line)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
