#include "jobs/hubtokenizerfetch.h"

#include "hub/hubclient.h"
#include "hub/huberror.h"
#include "tokenizers/tokenizererror.h"

namespace studio::jobs {

tokenizers::TokenizerResolver::Fetch hubTokenizerFetch()
{
    return [](const QString &modelId, const QString &file) -> QString {
        const hub::HubConfig config = hub::HubConfig::fromEnvironment();
        if (config.offline)
            throw tokenizers::TokenizerError("HF_HUB_OFFLINE is set and the model is not in the Hugging Face cache ("
                                             + config.cacheDir.toStdString() + "); unset HF_HUB_OFFLINE to download it");
        try {
            hub::HubClient client(config);
            return client.download(hub::RepoType::Model, modelId, QStringLiteral("main"), file).path;
        } catch (const hub::HubError &e) {
            throw tokenizers::TokenizerError(e.message().toStdString());
        }
    };
}

tokenizers::TokenizerResolver hubTokenizerResolver()
{
    tokenizers::TokenizerResolver resolver;
    resolver.setFetch(hubTokenizerFetch());
    return resolver;
}

} // namespace studio::jobs
