# Multi-stage build: compile in the Rust image, run in a small Debian image as a non-root user.
FROM rust:1.95-bookworm AS build
WORKDIR /src
# libpq and OpenSSL are built from source with the crate (the image has the C compiler, make and perl they need).
COPY Cargo.toml Cargo.lock ./
COPY .cargo .cargo
COPY src src
COPY migrations migrations
COPY catalog catalog
# Compiled into the binary: the page templates, their strings, the stylesheet and pictograms.
COPY templates templates
COPY locales locales
COPY static static
RUN cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /var/lib/guichet --create-home guichet
COPY --from=build /src/target/release/guichet /usr/local/bin/guichet
COPY --from=build /src/catalog /usr/share/guichet/catalog
USER guichet
WORKDIR /var/lib/guichet
ENV GUICHET_BIND=0.0.0.0:8080 \
    GUICHET_CATALOG=/usr/share/guichet/catalog \
    GUICHET_DATABASE_URL=sqlite:///var/lib/guichet/guichet.sqlite3
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/guichet"]
CMD ["serve"]
