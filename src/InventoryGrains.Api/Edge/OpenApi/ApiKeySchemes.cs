using Microsoft.OpenApi;

namespace InventoryGrains.Api.Edge.OpenApi;

/// <summary>
/// The API key, as the OpenAPI document declares it: one key, accepted in the four header forms of
/// <see cref="Authentication.ApiKeyAuthenticationHandler"/>, which OpenAPI can only say as three
/// schemes (the <c>Token</c> prefix and the bare key share the <c>Authorization</c> header).
/// Every route that needs a key accepts any one of them.
/// </summary>
public static class ApiKeySchemes
{
    /// <summary><c>X-Auth-Token: KEY</c>; the one the API page fills in.</summary>
    public const string XAuthToken = "X-Auth-Token";

    /// <summary><c>Authorization: Bearer KEY</c>.</summary>
    public const string Bearer = "Bearer";

    /// <summary><c>Authorization: Token KEY</c> or <c>Authorization: KEY</c>.</summary>
    public const string Authorization = "Authorization";

    public static IDictionary<string, IOpenApiSecurityScheme> Schemes() => new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
    {
        [XAuthToken] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Auth-Token",
            Description = "The API key as `X-Auth-Token: KEY`. Read first: when it is present and not blank, `Authorization` is not looked at.",
        },
        [Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The API key as `Authorization: Bearer KEY` (`Bearer` in any letter case). The key is not a JWT.",
        },
        [Authorization] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "Authorization",
            Description = "The API key as `Authorization: Token KEY` (`Token` in any letter case) or as the bare `Authorization: KEY`: any `Authorization` value without the `Bearer ` or `Token ` prefix is taken whole as the key.",
        },
    };

    /// <summary>Any one of the schemes: each is an alternative requirement.</summary>
    public static IList<OpenApiSecurityRequirement> Requirements(OpenApiDocument document) =>
    [
        .. new[] { XAuthToken, Bearer, Authorization }.Select(name => new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(name, document)] = [],
        }),
    ];
}
