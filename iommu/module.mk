# iommu: filled by its component
