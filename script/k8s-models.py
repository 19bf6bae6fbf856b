#!/usr/bin/python3
"""Required fields of rendered Kubernetes manifests, through Debian's python3-kubernetes models.

Usage: script/k8s-models.py RENDERED.yaml NAMESPACE   (RENDERED: 'kubectl kustomize DIR' output)

Deserialising a document into its model (V1StatefulSet, V1Service, ...) raises on a missing
required field (a container's name, a StatefulSet's selector): the models validate on the
client side. They are Kubernetes 1.22's (python3-kubernetes 22.6.0); fields newer than that
are ignored, unknown ones too (KubernetesClient's strict load in 'lnrelay k8s check' catches
those). Also checks that kustomize put every namespaced object into NAMESPACE. Called by
script/check-k8s; docs/kubernetes.md.
"""
import copy
import sys

import kubernetes.client
import yaml

KINDS = {"Namespace", "ConfigMap", "Secret", "Service", "StatefulSet", "Job"}


def load(api, doc):
    kind = doc.get("kind")
    if kind not in KINDS:
        raise ValueError(f"unexpected kind {kind!r}; lnrelay k8s writes only {sorted(KINDS)}")
    # The client's own deserialiser: the one that turns API responses into models.
    return api._ApiClient__deserialize(doc, "V1" + kind)


def main():
    path, namespace = sys.argv[1], sys.argv[2]
    api = kubernetes.client.ApiClient()
    with open(path, encoding="utf-8") as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    problems, counts = [], {}
    for doc in docs:
        where = f"{doc.get('kind')} {doc.get('metadata', {}).get('name')}"
        try:
            load(api, doc)
        except (ValueError, TypeError) as e:
            problems.append(f"{where}: {e}")
            continue
        counts[doc["kind"]] = counts.get(doc["kind"], 0) + 1
        if doc["kind"] != "Namespace" and doc["metadata"].get("namespace") != namespace:
            problems.append(f"{where}: namespace {doc['metadata'].get('namespace')!r}, not {namespace!r}")

    # The check must be able to fail: the same StatefulSet without its container's name is refused.
    sets = [d for d in docs if d["kind"] == "StatefulSet"]
    if sets:
        broken = copy.deepcopy(sets[0])
        del broken["spec"]["template"]["spec"]["containers"][0]["name"]
        try:
            load(api, broken)
            problems.append("self-test: a StatefulSet whose container has no name was accepted; the models do not validate")
        except ValueError:
            pass

    for p in problems:
        print(f"k8s-models: {p}", file=sys.stderr)
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    print(f"k8s-models: {len(docs)} documents ({summary}) against python3-kubernetes {kubernetes.__version__}: "
          f"{'OK' if not problems else f'{len(problems)} problems'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
