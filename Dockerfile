# One image for every role: the silo host and the API front-end, published side by side.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY . .
RUN dotnet publish src/InventoryGrains.Silo -c Release -o /app/silo \
 && dotnet publish src/InventoryGrains.Api -c Release -o /app/api

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
USER $APP_UID
