#:sdk Microsoft.NET.Sdk.Web
// Baseline for toolbar.sh: a Kestrel minimal-API endpoint that answers "hello" in plain text, nothing else in the pipeline.
var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
app.MapGet("/hello", () => "hello");
app.Run();
