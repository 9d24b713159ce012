# The Ganymede hub: a static-stdlib release build on Swift's image, copied into a slim Debian.
#   docker build -t ganymede .                                   # from Docker Hub
#   docker build --build-arg SWIFT_IMAGE=local/swift:6.3-bookworm \
#                --build-arg RUNTIME_IMAGE=local/debian:bookworm-slim -t ganymede .   # offline (.ci/run)
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
RUN dpkg -s libsqlite3-dev >/dev/null 2>&1 \
 || (apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev && rm -rf /var/lib/apt/lists/*)
WORKDIR /src
# Dependencies first: this layer is reused until Package.swift changes.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
# SwiftPM wants every target's folder, tests included; empty ones do (tests are not built here).
RUN for target in $(sed -n 's/.*testTarget(name: "\([^"]*\)".*/\1/p' Package.swift); do \
      mkdir -p "Tests/$target" && touch "Tests/$target/Empty.swift"; done \
 && swift build -c release --static-swift-stdlib --product ganymede \
 && install -D "$(swift build -c release --show-bin-path)/ganymede" /out/ganymede \
 && strip /out/ganymede

FROM ${RUNTIME_IMAGE}
RUN missing=""; for package in ca-certificates libsqlite3-0; do dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"; done; \
    if [ -n "$missing" ]; then apt-get update && apt-get install -y --no-install-recommends $missing && rm -rf /var/lib/apt/lists/*; fi
RUN useradd --system --uid 10001 --user-group --home-dir /data --no-create-home --shell /usr/sbin/nologin ganymede \
 && mkdir -p /data && chown ganymede:ganymede /data && chmod 0700 /data
COPY --from=build /out/ganymede /usr/local/bin/ganymede
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV GANYMEDE_DATA_DIR=/data \
    GANYMEDE_BIND=0.0.0.0:8000 \
    GANYMEDE_SPAWNER=docker \
    GANYMEDE_AUTHENTICATOR=github
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s CMD ["ganymede", "health"]
# Starts as root only to give the ganymede user the Docker socket's group, then drops to it.
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["ganymede", "serve"]
