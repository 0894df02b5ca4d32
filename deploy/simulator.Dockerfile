# syntax=docker/dockerfile:1
# The vLLM-compatible simulator (no GPU, no model): same shape as the gateway's image.
# It binds 127.0.0.1:8000 unless "urls" is configured, hence ASPNETCORE_URLS (not _HTTP_PORTS).
#   docker build -f deploy/simulator.Dockerfile -t llm-gateway-simulator .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Simulator/Simulator.csproj src/Simulator/
RUN dotnet restore src/Simulator/Simulator.csproj
COPY src/Simulator/ src/Simulator/
RUN dotnet publish src/Simulator/Simulator.csproj -c Release -o /app --no-restore /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8000 \
    DOTNET_EnableDiagnostics=0
EXPOSE 8000
USER app
ENTRYPOINT ["dotnet", "Gateway.Simulator.dll"]
