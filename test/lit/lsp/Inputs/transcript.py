#!/usr/bin/env python3
"""Prints a flyte-lsp --lit-test transcript with its placeholders filled in.

usage: transcript.py TRANSCRIPT DIR
  @DIR@          DIR (where the test copied its inputs)
  @TEXT(name)@   the contents of DIR/name as a JSON string, quotes included,
                 so that a didOpen can send a file of Inputs/ without
                 repeating it in the test
"""
import json
import os
import re
import sys

transcript, directory = sys.argv[1], sys.argv[2]
with open(transcript, encoding="utf-8") as f:
    text = f.read()


def contents(match):
    with open(os.path.join(directory, match.group(1)), encoding="utf-8") as f:
        return json.dumps(f.read())


text = re.sub(r"@TEXT\(([^)]+)\)@", contents, text)
sys.stdout.write(text.replace("@DIR@", directory))
