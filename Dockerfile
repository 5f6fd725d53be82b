# Readout: the same install as the README's ("pip install ."), on a slim Python image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite:////data/readout.db READOUT_OPS_PORT=9464

RUN useradd --create-home --uid 10001 readout && mkdir /data && chown readout /data
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
RUN pip install .
COPY config.yaml ./config.yaml

USER readout
VOLUME ["/data"]
# /metrics and /healthz (ops.port; ops.listen must be 0.0.0.0 for Prometheus outside the container).
EXPOSE 9464
# /healthz: the store answers, the scheduler runs, every platform is connected. No curl in
# slim: Python's urllib (an HTTP error such as 503 raises, and the check fails). If ops.port
# is changed, set READOUT_OPS_PORT to match. `readout health` (the store alone) stays available.
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('READOUT_OPS_PORT', '9464') + '/healthz', timeout=5)"]
ENTRYPOINT ["readout"]
CMD ["run", "--config", "/app/config.yaml"]
