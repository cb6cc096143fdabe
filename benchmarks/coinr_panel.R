# The COINr side of issue 17's side-by-side row (benchmarks/run.py --coinr-lib DIR).
# What `scorecard score` does on the 514 x 60 panel, done with COINr: the panel CSV -> new_coin ->
# Normalise (min-max 0-100) -> Aggregate (weighted arithmetic mean up the rubric's tree) -> the
# aggregated data set written as JSON (run.py compares its scores with scorecard's).
# This file is ours; COINr itself is not part of this repository: install it (CRAN "COINr") and
# give run.py the library folder that holds it (or leave it on R's default library path).
# Usage: Rscript coinr_panel.R PANEL.csv PANEL.rubric.yaml OUT.json [imports]
#   "imports": load the namespaces COINr's DESCRIPTION imports (openxlsx, rlang, ggplot2, readxl)
#   first, as attaching the released package does.
args <- commandArgs(trailingOnly = TRUE)
csv <- args[1]; rubric <- args[2]; out <- args[3]
load_imports <- length(args) >= 4 && args[4] == "imports"
lib <- Sys.getenv("COINR_LIB")
if (nzchar(lib)) .libPaths(c(lib, .libPaths()))
if (load_imports) for (p in c("openxlsx", "rlang", "ggplot2", "readxl")) loadNamespace(p)
suppressPackageStartupMessages(library(COINr))

raw <- read.csv(csv, colClasses = c(kode = "character", wilayah = "character"), check.names = FALSE)
names(raw)[names(raw) == "kode"] <- "uCode"
names(raw)[names(raw) == "wilayah"] <- "uName"

# hierarchy, weights and directions from the generated rubric's indicator lines (benchmarks/generate.py)
rl <- readLines(rubric)
dim_rows <- grep("^  - id: ", rl)
dims <- sub("^  - id: ", "", rl[dim_rows])
dim_w <- as.numeric(sub(".*weight: ", "", rl[dim_rows + 2]))
ind_rows <- grep("column: v[0-9]+, weight:", rl)
col <- sub(".*column: (v[0-9]+),.*", "\\1", rl[ind_rows])
w <- as.numeric(sub(".*weight: ([0-9.]+).*", "\\1", rl[ind_rows]))
dirn <- ifelse(grepl("direction: lower", rl[ind_rows]), -1, 1)
parent <- dims[findInterval(ind_rows, dim_rows)]

iMeta <- data.frame(
  iCode = c(col, dims, "Index"),
  Level = c(rep(1, length(col)), rep(2, length(dims)), 3),
  Parent = c(parent, rep("Index", length(dims)), NA),
  Direction = c(dirn, rep(1, length(dims) + 1)),
  Weight = c(w, dim_w, 1),
  Type = c(rep("Indicator", length(col)), rep("Aggregate", length(dims) + 1)),
  stringsAsFactors = FALSE)
iData <- raw[c("uCode", "uName", col)]

coin <- new_coin(iData, iMeta, quietly = TRUE)
coin <- Normalise(coin, dset = "Raw", global_specs = list(f_n = "n_minmax", f_n_para = list(l_u = c(0, 100))),
                  write2log = TRUE)
coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean")
res <- coin$Data$Aggregated
res <- res[order(-res$Index), ]
jsonlite::write_json(res, out, digits = NA)
