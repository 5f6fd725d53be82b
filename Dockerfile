# Readout: the same install as the README's ("pip install ."), on a slim Python image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite:////data/readout.db

RUN useradd --create-home --uid 10001 readout && mkdir /data && chown readout /data
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
RUN pip install .
COPY config.yaml ./config.yaml

USER readout
VOLUME ["/data"]
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 \
  CMD ["readout", "health", "--config", "/app/config.yaml"]
ENTRYPOINT ["readout"]
CMD ["run", "--config", "/app/config.yaml"]
