#!/usr/bin/env python3
"""Kubernetes JSON schemas for kubeconform, offline: takes one version's strict schemas out of the
kubernetes-validate wheel (PyPI; it ships the schemas of each Kubernetes release) and makes each
kind's schema standalone by inlining the definitions it references (the wheel's files point into a
shared _definitions.json by an absolute URL, which kubeconform cannot follow).

usage: extract-k8s-schemas.py WHEEL VERSION OUT_DIR   e.g. ... v1.33.0 .local/schemas/kubernetes
writes OUT_DIR/VERSION-standalone-strict/<kind>-<group>-<version>.json
"""
import json
import os
import re
import sys
import zipfile

wheel, version, out = sys.argv[1:4]
prefix = f"kubernetes_validate/kubernetes-json-schema/{version}-local-strict/"
target = os.path.join(out, f"{version}-standalone-strict")
os.makedirs(target, exist_ok=True)
REF = re.compile(r'"\$ref": "(?:/api/_definitions\.json)?#/\$defs/([^"]+)"')

with zipfile.ZipFile(wheel) as z:
    defs = json.loads(z.read(prefix + "_definitions.json"))["$defs"]
    count = 0
    for name in z.namelist():
        if not name.startswith(prefix) or not name.endswith(".json") or name.endswith("_definitions.json"):
            continue
        schema = json.loads(z.read(name))
        needed, todo = set(), REF.findall(json.dumps(schema))
        while todo:
            d = todo.pop()
            if d not in needed:
                needed.add(d)
                todo += REF.findall(json.dumps(defs[d]))
        if needed:
            schema["$defs"] = {d: defs[d] for d in sorted(needed)}
        text = json.dumps(schema).replace('"/api/_definitions.json#/$defs/', '"#/$defs/')
        with open(os.path.join(target, name[len(prefix):]), "w") as f:
            f.write(text)
        count += 1
if count == 0:
    sys.exit(f"extract-k8s-schemas: no schemas for {version} in {wheel}")
print(f"extract-k8s-schemas: {count} schemas of Kubernetes {version} in {target}")
