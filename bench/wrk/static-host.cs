#:sdk Microsoft.NET.Sdk.Web
// Baseline for bundles.sh: Kestrel's own static-file middleware over the same files, nothing else in the pipeline.
var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
app.UseStaticFiles(new StaticFileOptions
{
    FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(args[0]),
});
app.Run();
