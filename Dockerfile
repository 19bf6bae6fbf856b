# lnrelay: one image holding both 'lnrelay' (the CLI and orchestrator) and 'lnrelay-node'.
# docker-compose.yml runs it as init, one node per container, and the orchestrator (docs/docker.md).
#
#   docker build -t lnrelay .
#   docker run --rm lnrelay lnrelay --help
#
# The base images are arguments so that a machine without access to mcr.microsoft.com can
# build from local equivalents (docs/docker.md, "Building without the registry"); the
# defaults are the official .NET 10 SDK and ASP.NET Core runtime images (Ubuntu 24.04).
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

# ---- build -------------------------------------------------------------------------------
FROM ${SDK_IMAGE} AS build
# script/docker-smoke finds this stage's image by the label (the classic builder leaves it
# behind, untagged) and removes it.
LABEL org.lnrelay.stage=build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Extra CA certificates (PEM text) for the NuGet restore, for a network that inspects TLS
# (without them: NU1301 ... UntrustedRoot). Only this stage sees them; the image does not:
#   docker build --build-arg EXTRA_CA_CERT="$(cat my-proxy-ca.pem)" -t lnrelay .
ARG EXTRA_CA_CERT=
RUN if [ -n "$EXTRA_CA_CERT" ]; then \
      mkdir -p /usr/local/share/ca-certificates \
      && printf '%s\n' "$EXTRA_CA_CERT" > /usr/local/share/ca-certificates/lnrelay-extra-ca.crt \
      && if command -v update-ca-certificates >/dev/null 2>&1; then update-ca-certificates; \
         else cat /usr/local/share/ca-certificates/lnrelay-extra-ca.crt >> /etc/ssl/certs/ca-certificates.crt; fi; \
    fi

# Restore from the project files alone: this layer is rebuilt only when a project file or a
# package version changes, not when source code does.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Crypto/Crypto.csproj src/Crypto/
COPY src/Wire/Wire.csproj src/Wire/
COPY src/Sphinx/Sphinx.csproj src/Sphinx/
COPY src/Transport/Transport.csproj src/Transport/
COPY src/Node/Node.csproj src/Node/
COPY src/Orchestrator/Orchestrator.csproj src/Orchestrator/
RUN dotnet restore src/Orchestrator/Orchestrator.csproj

# Then the sources (and the default topology, which lnrelay embeds) and one publish: the
# Orchestrator references the Node project, so lnrelay-node lands beside lnrelay.
COPY src/ src/
COPY topologies/ topologies/
RUN dotnet publish src/Orchestrator/Orchestrator.csproj -c Release --no-restore -o /app \
      -p:PublishDocumentationFile=false -p:PublishReferencesDocumentationFiles=false

# ---- run ---------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE}

# curl for the health check, and nothing else: the native libraries lnrelay needs
# (libsecp256k1, libsodium) come from NuGet inside /app. Before anything of ours, so that
# this layer stays cached across code changes.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*

# A user of our own (the same in any base image). The compose file mounts its volumes on
# /net and /logs: Docker gives a new volume the owner of the folder it is mounted on, so the
# nodes, running as this user, can read what init wrote and write their logs.
RUN groupadd --gid 10001 lnrelay \
 && useradd --uid 10001 --gid lnrelay --create-home --home-dir /home/lnrelay --shell /usr/sbin/nologin lnrelay \
 && mkdir -p /net /logs \
 && chown lnrelay:lnrelay /net /logs

# The topologies the init service reads (docker-compose.yml), then the build.
COPY topologies/ /app/topologies/
COPY --from=build /app /app

# ASPNETCORE_HTTP_PORTS (set by the ASP.NET image) would only make Kestrel warn: a node
# listens where its network.json says.
ENV PATH="/app:${PATH}" \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1
USER lnrelay
WORKDIR /home/lnrelay

# A node is healthy when its control API answers GET /v1/health (no token needed). 8080 is
# the API port of every node that 'lnrelay init --hosts container' writes. In the init and
# orchestrator services, which serve no API, docker-compose.yml turns this check off.
HEALTHCHECK --interval=3s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/v1/health || exit 1

CMD ["lnrelay", "--help"]
