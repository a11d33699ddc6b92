# One image for every role: the silo host and the API front-end, published side by side.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source

# Restore from the project files alone, so that a change to the sources reuses this layer and its
# downloaded packages.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/InventoryGrains.Domain/InventoryGrains.Domain.csproj src/InventoryGrains.Domain/
COPY src/InventoryGrains.Abstractions/InventoryGrains.Abstractions.csproj src/InventoryGrains.Abstractions/
COPY src/InventoryGrains.Storage/InventoryGrains.Storage.csproj src/InventoryGrains.Storage/
COPY src/InventoryGrains.Storage.PostgreSql/InventoryGrains.Storage.PostgreSql.csproj src/InventoryGrains.Storage.PostgreSql/
COPY src/InventoryGrains.Grains/InventoryGrains.Grains.csproj src/InventoryGrains.Grains/
COPY src/InventoryGrains.Hosting/InventoryGrains.Hosting.csproj src/InventoryGrains.Hosting/
COPY src/InventoryGrains.Silo/InventoryGrains.Silo.csproj src/InventoryGrains.Silo/
COPY src/InventoryGrains.Api/InventoryGrains.Api.csproj src/InventoryGrains.Api/
RUN dotnet restore src/InventoryGrains.Silo && dotnet restore src/InventoryGrains.Api

COPY sql/ sql/
COPY src/ src/
RUN dotnet publish src/InventoryGrains.Silo -c Release -o /app/silo --no-restore \
 && dotnet publish src/InventoryGrains.Api -c Release -o /app/api --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
USER $APP_UID
