// Renders the Add-dataset dialog's Hub form with a slice preview filled in,
// against the mock Hub (tests/support) serving the TinyStories-shaped
// fixture, through the real CoreHubBrowser: docs/screenshots/make-screenshots.sh.
//   gui_hub_screenshot OUT.png   (QT_SCALE_FACTOR=2 for 2x)
#include "studiocontext.h"

#include "hubtestfixture.h"

#include "adddatasetdialog.h"
#include "corehubbrowser.h"
#include "hubform.h"
#include "screenshotter.h"
#include "theme.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QTest>

#include <cstdio>

using namespace studio;

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: gui_hub_screenshot OUT.png\n");
        return 2;
    }
    QCoreApplication::setOrganizationName(QStringLiteral("dataset-studio-screenshot"));
    ui::Theme::apply(app);
    test::HubTestbed t;
    if (!t.start()) {
        std::fprintf(stderr, "the mock Hub did not start\n");
        return 1;
    }
    for (const QString &e : t.env())
        qputenv(e.section(QLatin1Char('='), 0, 0).toUtf8().constData(), e.section(QLatin1Char('='), 1).toUtf8());
    app::StudioContext context(t.dataDir());
    ui::CoreHubBrowser browser(context.datasets(), context.dataDirectory());
    ui::AddDatasetDialog dialog(&browser);
    dialog.show();
    ui::HubForm *form = dialog.hubForm();
    form->repoEdit()->setText(test::kTinyStories);
    if (!QTest::qWaitFor([&] { return form->configBox()->count() > 0; }, 60000)) {
        std::fprintf(stderr, "no answer from the mock Hub\n");
        return 1;
    }
    form->splitEdit()->setText(QStringLiteral("train[:1%]"));
    if (!QTest::qWaitFor([&] { return form->previewLabel()->text().contains(QStringLiteral(" of ")); }, 60000)) {
        std::fprintf(stderr, "no preview: %s\n", qPrintable(form->previewLabel()->text()));
        return 1;
    }
    ui::Screenshotter::settle(300);
    const QString out = QString::fromLocal8Bit(argv[1]);
    if (!dialog.grab().save(out, "PNG")) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(out));
        return 1;
    }
    std::printf("%s\n", qPrintable(out));
    return 0;
}
