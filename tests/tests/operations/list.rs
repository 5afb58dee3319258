//! The 22 operations of the Container Registry API (1.2.1), for tests that run the same check
//! against each of them (each test crate adds its own way of calling them).

/// One operation of the API, named after its operationId.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    LocationsGet,
    NamesCheckUsage,
    RegistriesGet,
    RegistriesPost,
    RegistriesFindById,
    RegistriesPut,
    RegistriesPatch,
    RegistriesDelete,
    RegistriesArtifactsGet,
    RegistriesRepositoriesGet,
    RegistriesRepositoriesFindByName,
    RegistriesRepositoriesDelete,
    RegistriesRepositoriesArtifactsGet,
    RegistriesRepositoriesArtifactsFindByDigest,
    RegistriesRepositoriesArtifactsVulnerabilitiesGet,
    RegistriesTokensGet,
    RegistriesTokensPost,
    RegistriesTokensFindById,
    RegistriesTokensPut,
    RegistriesTokensPatch,
    RegistriesTokensDelete,
    VulnerabilitiesFindById,
}

impl Operation {
    /// Every operation, in the document's order.
    pub const ALL: [Self; 22] = [
        Self::LocationsGet,
        Self::NamesCheckUsage,
        Self::RegistriesGet,
        Self::RegistriesPost,
        Self::RegistriesFindById,
        Self::RegistriesPut,
        Self::RegistriesPatch,
        Self::RegistriesDelete,
        Self::RegistriesArtifactsGet,
        Self::RegistriesRepositoriesGet,
        Self::RegistriesRepositoriesFindByName,
        Self::RegistriesRepositoriesDelete,
        Self::RegistriesRepositoriesArtifactsGet,
        Self::RegistriesRepositoriesArtifactsFindByDigest,
        Self::RegistriesRepositoriesArtifactsVulnerabilitiesGet,
        Self::RegistriesTokensGet,
        Self::RegistriesTokensPost,
        Self::RegistriesTokensFindById,
        Self::RegistriesTokensPut,
        Self::RegistriesTokensPatch,
        Self::RegistriesTokensDelete,
        Self::VulnerabilitiesFindById,
    ];

    /// Whether the operation came with API 1.1/1.2: it accepts the API token only, and its
    /// errors carry the `Error` schema (the operations of 1.0 answer `ApiErrorResponse`).
    pub fn is_new(self) -> bool {
        matches!(
            self,
            Self::RegistriesArtifactsGet
                | Self::RegistriesRepositoriesGet
                | Self::RegistriesRepositoriesFindByName
                | Self::RegistriesRepositoriesArtifactsGet
                | Self::RegistriesRepositoriesArtifactsFindByDigest
                | Self::RegistriesRepositoriesArtifactsVulnerabilitiesGet
                | Self::VulnerabilitiesFindById
        )
    }
}
