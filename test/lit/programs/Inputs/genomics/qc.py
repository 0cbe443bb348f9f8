"""Quality control for one sample; called by genomics.flyte's `fastqc` task."""
import gzip


def run_qc(sample, min_gc, outputs):
    reads = 0
    gc = 0
    bases = 0
    for path in sample.reads:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt") as fh:
            for i, line in enumerate(fh):
                if i % 4 == 1:
                    reads += 1
                    seq = line.strip()
                    gc += seq.count("G") + seq.count("C")
                    bases += len(seq)
    ratio = gc / bases if bases else 0.0
    outputs.report = {"sample": sample.id, "reads": reads, "gc": ratio, "passed": ratio >= min_gc}
