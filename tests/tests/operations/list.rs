//! The 15 operations of the Container Registry API, for tests that run the same check against
//! each of them (each test crate adds its own way of calling them).

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
    RegistriesRepositoriesDelete,
    RegistriesTokensGet,
    RegistriesTokensPost,
    RegistriesTokensFindById,
    RegistriesTokensPut,
    RegistriesTokensPatch,
    RegistriesTokensDelete,
}

impl Operation {
    /// Every operation, in the document's order.
    pub const ALL: [Self; 15] = [
        Self::LocationsGet,
        Self::NamesCheckUsage,
        Self::RegistriesGet,
        Self::RegistriesPost,
        Self::RegistriesFindById,
        Self::RegistriesPut,
        Self::RegistriesPatch,
        Self::RegistriesDelete,
        Self::RegistriesRepositoriesDelete,
        Self::RegistriesTokensGet,
        Self::RegistriesTokensPost,
        Self::RegistriesTokensFindById,
        Self::RegistriesTokensPut,
        Self::RegistriesTokensPatch,
        Self::RegistriesTokensDelete,
    ];
}
