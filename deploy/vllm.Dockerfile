# syntax=docker/dockerfile:1
# vLLM's own image plus the OpenTelemetry packages that --otlp-traces-endpoint needs: the
# official image does not ship them and vLLM refuses to start without them
# (vllm-project/vllm#7679). Versions as in vLLM's OpenTelemetry example.
ARG VLLM_IMAGE=vllm/vllm-openai:v0.10.1.1
FROM ${VLLM_IMAGE} AS vllm
RUN pip install --no-cache-dir \
      'opentelemetry-sdk>=1.26.0,<1.27.0' \
      'opentelemetry-api>=1.26.0,<1.27.0' \
      'opentelemetry-exporter-otlp>=1.26.0,<1.27.0' \
      'opentelemetry-semantic-conventions-ai>=0.4.1,<0.5.0'
