using System.Text;

namespace Trellis.Server.Features.ExternalActions.Bundles;

/// <summary>
/// The public style sheet bundle pages link to (docs/reference/bundles.md#serving): the class names PANEL uses, with Trellis's own
/// contents in Octane's look (4px grid, 13px type, round initials badges).
/// </summary>
internal static class OctaneStyleSheet
{
    public const string Path = "/ui/external-actions/style/alm-octane-style.css";

    public const string Text = """
        /* Trellis: the ALM Octane look for external-action pages. Public, cacheable, no external resources. */
        :root {
          --alm-font: "Segoe UI", "Helvetica Neue", Arial, sans-serif;
          --alm-text: #333a42;
          --alm-muted: #6b7480;
          --alm-border: #dde1e6;
          --alm-accent: #0079ef;
          --alm-surface: #ffffff;
          --alm-hover: #f3f6f9;
          --alm-plum: #9b59b6;
          --alm-golden-rod: #daa520;
          --alm-pale-emerald: #3fb27f;
          --alm-red: #e5004c;
        }

        html, body {
          margin: 0;
          font-family: var(--alm-font);
          font-size: 13px;
          line-height: 1.4;
          color: var(--alm-text);
          background: var(--alm-surface);
        }

        a { color: var(--alm-accent); text-decoration: none; cursor: pointer; }
        a:hover, a:focus-visible { text-decoration: underline; }

        .flex { display: flex; align-items: center; min-width: 0; }

        .ellipsis { overflow: hidden; white-space: nowrap; text-overflow: ellipsis; min-width: 0; }

        .margin-t--5px { margin-top: 5px; }
        .margin-l--5px { margin-left: 5px; }
        .margin-r--5px { margin-right: 5px; }
        .margin-l--10px { margin-left: 10px; }
        .margin-r--10px { margin-right: 10px; }
        .padding-t--5px { padding-top: 5px; }
        .padding-t--10px { padding-top: 10px; }

        /* The round badge Octane grids show before an entity id: two letters of the subtype on its color. */
        .grid__entity-initials-label__box {
          display: inline-flex;
          flex: 0 0 auto;
          align-items: center;
          justify-content: center;
          box-sizing: border-box;
          width: 24px;
          height: 24px;
          border-radius: 50%;
          background-color: var(--alm-muted);
          color: #ffffff;
          vertical-align: middle;
          box-shadow: inset 0 0 0 1px rgba(0, 0, 0, 0.06);
        }

        .grid__entity-initials-label__text {
          font-size: 10px;
          font-weight: 600;
          letter-spacing: 0.02em;
          line-height: 1;
          text-transform: uppercase;
          color: inherit;
          user-select: none;
        }

        .bg--plum { background-color: var(--alm-plum); }
        .bg--golden-rod { background-color: var(--alm-golden-rod); }
        .bg--pale-emerald { background-color: var(--alm-pale-emerald); }
        .bg--red { background-color: var(--alm-red); }

        ul, ol { margin: 0; padding: 0; list-style: none; }
        li.flex { padding: 4px 8px; border-bottom: 1px solid var(--alm-border); }
        li.flex:hover { background: var(--alm-hover); }

        button {
          font: inherit;
          padding: 4px 12px;
          border: 1px solid var(--alm-border);
          border-radius: 3px;
          background: var(--alm-surface);
          color: var(--alm-text);
          cursor: pointer;
        }
        button:hover { background: var(--alm-hover); }
        button:focus-visible, a:focus-visible { outline: 2px solid var(--alm-accent); outline-offset: 1px; }

        """;

    private static readonly PublicFile s_file = new(Encoding.UTF8.GetBytes(Text), "text/css");

    public static IResult Serve(HttpContext http) => s_file.Serve(http);
}
