#!/usr/bin/env python3
"""Derives the standalone, strict JSON schemas in v1.35.0/ from Kubernetes' OpenAPI v2 definitions
(swagger.json of release v1.35.0, e.g. kubernetes-client/javascript's src/gen/swagger.json.unprocessed),
the way yannh/kubernetes-json-schema's "-standalone-strict" ones are made: $refs inlined, objects
closed (additionalProperties: false), int-or-string and quantities accept numbers, descriptions dropped.
Usage: derive.py swagger.json v1.35.0"""
import json
import sys

KINDS = {
    "io.k8s.api.apps.v1.Deployment": "deployment-apps-v1.json",
    "io.k8s.api.core.v1.Service": "service-v1.json",
    "io.k8s.api.core.v1.ServiceAccount": "serviceaccount-v1.json",
    "io.k8s.api.core.v1.ConfigMap": "configmap-v1.json",
    "io.k8s.api.policy.v1.PodDisruptionBudget": "poddisruptionbudget-policy-v1.json",
    "io.k8s.api.networking.v1.NetworkPolicy": "networkpolicy-networking-v1.json",
    "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler": "horizontalpodautoscaler-autoscaling-v2.json",
}

swagger, out = json.load(open(sys.argv[1])), sys.argv[2]
definitions = swagger["definitions"]


def inline(node):
    if isinstance(node, list):
        return [inline(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return inline(definitions[node["$ref"].split("/")[-1]])
    fmt = node.get("format")
    if fmt == "int-or-string":
        return {"oneOf": [{"type": "string"}, {"type": "integer"}]}
    if fmt == "quantity":
        return {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "number"}]}
    result = {k: inline(v) for k, v in node.items() if k != "description" and not k.startswith("x-kubernetes")}
    if "properties" in result:
        result.setdefault("additionalProperties", False)
    return result


definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"] = {"format": "quantity"}
definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = {"format": "int-or-string"}
for name, file in KINDS.items():
    schema = inline(definitions[name])
    gvk = definitions[name]["x-kubernetes-group-version-kind"][0]
    api = gvk["version"] if not gvk["group"] else gvk["group"] + "/" + gvk["version"]
    schema["properties"]["apiVersion"] = {"type": "string", "enum": [api]}
    schema["properties"]["kind"] = {"type": "string", "enum": [gvk["kind"]]}
    schema["required"] = sorted(set(schema.get("required", [])) | {"apiVersion", "kind", "metadata"})
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    with open(f"{out}/{file}", "w") as f:
        json.dump(schema, f, indent=1, sort_keys=True)
        f.write("\n")
