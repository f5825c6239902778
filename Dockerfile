# The Trellis server image (docs/deployment.md, "Containers"): built from source, run as the non-root `app` user,
# data in the /var/lib/trellis volume (SQLite); on PostgreSQL set the provider and connection string instead.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Trellis.Server -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# curl only for the health check below.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /var/lib/trellis && chown app:app /var/lib/trellis
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Trellis__DataDirectory=/var/lib/trellis
VOLUME /var/lib/trellis
USER app
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD curl -fsS http://localhost:8080/healthz/ready || exit 1
ENTRYPOINT ["dotnet", "Trellis.Server.dll"]
